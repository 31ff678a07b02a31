"""The env is never seeded: every episode starts with env.reset()."""

import numpy as np

PART = "q_learning"
NAME = "the environment is never seeded"
EXPLANATION = (
    "Your q_learning never passes the seed to env.reset, so two runs with the same seed "
    "differ: start the first episode with env.reset(seed=seed), every later one with "
    "env.reset()."
)
CAUGHT_BY = ["q_learning.learning"]


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    for _ in range(num_episodes):
        s, _ = env.reset()  # the mistake: the first reset is not seeded either
        while True:
            a = epsilon_greedy(Q[s], epsilon, rng)  # noqa: F821
            s_next, r, terminated, truncated, _ = env.step(a)
            q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma)  # noqa: F821
            if terminated or truncated:
                break
            s = s_next
    return Q
