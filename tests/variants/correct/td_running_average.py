"""(1 - alpha) V + alpha sample; the first reset seeded inside the loop."""

import numpy as np

PART = "td"
NAME = "(1 - alpha) V + alpha sample, resets seeded per episode"
BASE = None  # the whole module


def td0_update(V, s, r, s_next, done, alpha, gamma):
    if done:
        sample = r
    else:
        sample = r + gamma * V[s_next]
    before = V[s]
    V[s] = (1 - alpha) * V[s] + alpha * sample
    return sample - before


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    V = np.zeros(env.observation_space.n)
    for episode in range(num_episodes):
        s, _ = env.reset(seed=seed) if episode == 0 else env.reset()
        done = False
        while not done:
            s_next, r, terminated, truncated, _ = env.step(int(policy[s]))
            td0_update(V, s, r, s_next, terminated, alpha, gamma)
            done = terminated or truncated
            s = s_next
    return V
