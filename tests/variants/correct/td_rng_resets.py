"""V + alpha delta with a mask; reset seeds from a list [seed, None, ...]."""

import numpy as np

PART = "td"
NAME = "a multiplicative mask, resets seeded from a generator"
BASE = None  # the whole module


def td0_update(V, s, r, s_next, done, alpha, gamma):
    delta = r + gamma * V[s_next] * (1.0 - float(done)) - V[s]
    V[s] += alpha * delta
    return float(delta)


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    seeds = [seed] + [None] * (num_episodes - 1)
    V = np.zeros(env.observation_space.n)
    for episode_seed in seeds:
        state, _ = env.reset(seed=episode_seed)
        while True:
            action = policy[state].item()
            next_state, reward, terminated, truncated, _ = env.step(action)
            td0_update(V, state, reward, next_state, terminated, alpha, gamma)
            if terminated or truncated:
                break
            state = next_state
    return V
