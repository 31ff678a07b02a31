"""SARSA instead of Q-learning: the target takes the next action the behaviour policy picks."""

import numpy as np

PART = "q_learning"
NAME = "loop: SARSA (on-policy next action)"
CAUGHT_BY = ["q_learning.learning"]
TOLD = "not the value of the next action taken"


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    s, _ = env.reset(seed=seed)
    for episode in range(num_episodes):
        if episode > 0:
            s, _ = env.reset()
        a = epsilon_greedy(Q[s], epsilon, rng)
        while True:
            s_next, r, terminated, truncated, _ = env.step(a)
            a_next = epsilon_greedy(Q[s_next], epsilon, rng)
            target = r + gamma * (1.0 - terminated) * Q[s_next, a_next]
            Q[s, a] += alpha * (target - Q[s, a])
            if terminated or truncated:
                break
            s, a = s_next, a_next
    return Q
