"""The generator is created inside the episode loop: every episode replays the same coins."""

import numpy as np

PART = "q_learning"
NAME = "q_learning re-creates its rng at every episode"
BROKEN = ("q_learning",)
CLAUSE = "Start from Q = zeros and rng = np.random.default_rng(seed)."


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    s, _ = env.reset(seed=seed)
    for episode in range(num_episodes):
        rng = np.random.default_rng(seed)
        if episode > 0:
            s, _ = env.reset()
        while True:
            a = epsilon_greedy(Q[s], epsilon, rng)
            s_next, r, terminated, truncated, _ = env.step(a)
            q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma)
            if terminated or truncated:
                break
            s = s_next
    return Q
