"""td0_evaluate passes done = terminated or truncated: a time limit stops bootstrapping."""

import numpy as np

PART = "td"
NAME = "td0_evaluate stops bootstrapping on a time-limit truncation"
BROKEN = ("td0_evaluate",)
CLAUSE = "Only `terminated` stops the bootstrapping (done = terminated)"


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    V = np.zeros(env.observation_space.n)
    s, _ = env.reset(seed=seed)
    for episode in range(num_episodes):
        if episode > 0:
            s, _ = env.reset()
        done = False
        while not done:
            s_next, r, terminated, truncated, _ = env.step(int(policy[s]))
            done = terminated or truncated
            td0_update(V, s, r, s_next, done, alpha, gamma)
            s = s_next
    return V
