"""The running-average form of the update, an episode counter in a while loop."""

import numpy as np

PART = "td"
NAME = "(1 - alpha) V + alpha sample; one while loop over all steps"
BROKEN = ()


def td0_update(V, s, r, s_next, done, alpha, gamma):
    future = 0.0 if done else gamma * float(V[s_next])
    sample = r + future
    old = float(V[s])
    V[s] = (1.0 - alpha) * old + alpha * sample
    return sample - old


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    V = np.zeros(env.observation_space.n, dtype=np.float64)
    s, _ = env.reset(seed=seed)
    finished = 0
    while finished < num_episodes:
        s_next, r, terminated, truncated, _ = env.step(int(policy[s]))
        td0_update(V, s, r, s_next, bool(terminated), alpha, gamma)
        if terminated or truncated:
            finished += 1
            if finished < num_episodes:
                s, _ = env.reset()
        else:
            s = s_next
    return V
