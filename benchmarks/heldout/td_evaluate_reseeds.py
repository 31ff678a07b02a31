"""Every episode starts with env.reset(seed=seed): the same start state every time."""

import numpy as np

PART = "td"
NAME = "td0_evaluate reseeds the environment at every episode"
BROKEN = ("td0_evaluate",)
CLAUSE = "The first episode starts with env.reset(seed=seed), every later one with env.reset()."


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    V = np.zeros(env.observation_space.n)
    for _ in range(num_episodes):
        s, _ = env.reset(seed=seed)
        while True:
            s_next, r, terminated, truncated, _ = env.step(int(policy[s]))
            td0_update(V, s, r, s_next, terminated, alpha, gamma)
            if terminated or truncated:
                break
            s = s_next
    return V
