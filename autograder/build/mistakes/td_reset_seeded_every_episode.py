"""Every episode starts with env.reset(seed=seed): the same start state every time."""

import numpy as np

PART = "td"
NAME = "every episode reset with the same seed"
EXPLANATION = (
    "Your td0_evaluate calls env.reset(seed=seed) before every episode, so every episode "
    "starts the same way: seed only the first reset, then call env.reset() with no seed."
)
CAUGHT_BY = ["td.evaluate"]


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    V = np.zeros(env.observation_space.n)
    for _ in range(num_episodes):
        s, _ = env.reset(seed=seed)  # the mistake: the same seed for every episode
        while True:
            s_next, r, terminated, truncated, _ = env.step(int(policy[s]))
            td0_update(V, s, r, s_next, terminated, alpha, gamma)  # noqa: F821
            if terminated or truncated:
                break
            s = s_next
    return V
