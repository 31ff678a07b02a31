"""Temporal difference learning: TD(0) policy evaluation (reference solution).

The lecture's update, applied after every transition (s, pi(s), r, s') the policy experiences:

    sample  = R(s, pi(s), s') + gamma V^pi(s')
    V^pi(s) <- V^pi(s) + alpha (sample - V^pi(s))       (= (1 - alpha) V^pi(s) + alpha sample)

A transition that ends in a terminal state has no future: there V^pi(s') counts as 0.
"""

from __future__ import annotations

import numpy as np


def td0_update(V, s, r, s_next, done, alpha, gamma):
    """One TD(0) update of V[s] in place; returns the TD error sample - V(s) as a float."""
    sample = r + gamma * (0.0 if done else V[s_next])
    delta = sample - V[s]
    V[s] = V[s] + alpha * delta
    return float(delta)


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    """Evaluate the deterministic policy pi(s) = policy[s] with TD(0), from V = 0; shape (S,)."""
    V = np.zeros(env.observation_space.n)
    s, _ = env.reset(seed=seed)
    for episode in range(num_episodes):
        if episode > 0:
            s, _ = env.reset()
        while True:
            s_next, r, terminated, truncated, _ = env.step(int(policy[s]))
            # Only a true termination stops bootstrapping; a time limit does not.
            td0_update(V, s, r, s_next, terminated, alpha, gamma)
            if terminated or truncated:
                break
            s = s_next
    return V
