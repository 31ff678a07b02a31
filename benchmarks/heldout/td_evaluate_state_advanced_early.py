"""s = s_next happens before the update, so V(s') is moved towards its own sample."""

import numpy as np

PART = "td"
NAME = "td0_evaluate updates the state reached instead of the state left"
BROKEN = ("td0_evaluate",)
CLAUSE = "calling `td0_update` after every transition"


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    V = np.zeros(env.observation_space.n)
    s, _ = env.reset(seed=seed)
    for episode in range(num_episodes):
        if episode > 0:
            s, _ = env.reset()
        while True:
            a = int(policy[s])
            s_next, r, terminated, truncated, _ = env.step(a)
            s = s_next  # moved up: the update below now sees s' as s
            td0_update(V, s, r, s_next, terminated, alpha, gamma)
            if terminated or truncated:
                break
    return V
