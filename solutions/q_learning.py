"""Q-learning: tabular, with epsilon-greedy exploration, and with a linear Q-function (reference).

The lecture's updates, applied after every sample transition (s, a, r, s'):

    Q(s, a) <- (1 - alpha) Q(s, a) + alpha [ r + gamma max_a' Q(s', a') ]

    Q(s, a; w, b) = w_a^T s + b_a
    delta = r + gamma max_a' Q(s', a'; w, b) - Q(s, a; w, b)
    w_a <- w_a + alpha delta s,    b_a <- b_a + alpha delta        (action a's weights only)

and the behaviour policy that explores:

    a_t = argmax_a Q(s, a)   with probability 1 - epsilon
          random action      with probability epsilon

A transition that ends in a terminal state has no future: there max_a' Q(s', a') counts as 0.
"""

from __future__ import annotations

import numpy as np


def epsilon_greedy(q_values, epsilon, rng):
    """A random action (uniform over all actions) with probability epsilon, else the greedy one.

    The greedy action is argmax_a q_values[a] with ties to the lowest index.
    """
    num_actions = len(q_values)
    if rng.random() < epsilon:
        return int(rng.integers(num_actions))
    return int(np.argmax(q_values))


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    """One Q-learning update of Q[s, a] in place; returns the TD error target - Q(s, a)."""
    target = r + gamma * (1.0 - done) * np.max(Q[s_next])
    delta = target - Q[s, a]
    Q[s, a] = (1.0 - alpha) * Q[s, a] + alpha * target
    return float(delta)


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    """Tabular Q-learning from Q = 0 with an epsilon-greedy behaviour policy; shape (S, A)."""
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    s, _ = env.reset(seed=seed)
    for episode in range(num_episodes):
        if episode > 0:
            s, _ = env.reset()
        while True:
            a = epsilon_greedy(Q[s], epsilon, rng)
            s_next, r, terminated, truncated, _ = env.step(a)
            # Only a true termination stops bootstrapping; a time limit does not.
            q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma)
            if terminated or truncated:
                break
            s = s_next
    return Q


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    """One semi-gradient Q-learning step on Q(x, a) = W[a] . x + b[a], in place; returns delta.

    W shape (A, d), b shape (A,), x and x_next shape (d,). Only row a of W and b[a] change.
    """
    q_next = W @ x_next + b  # Q(s', a') for every a', shape (A,)
    target = r + gamma * (1.0 - done) * np.max(q_next)
    delta = target - (W[a] @ x + b[a])
    # The gradient of Q(s, a; w, b) with respect to w_a is s and with respect to b_a is 1.
    W[a] += alpha * delta * x
    b[a] += alpha * delta
    return float(delta)
