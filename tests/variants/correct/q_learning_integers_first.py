"""rng.integers before rng.random; Q + alpha delta; loops for linear Q."""

import numpy as np

PART = "q_learning"
NAME = "rng.integers before rng.random, loops for linear Q"
BASE = None  # the whole module


def epsilon_greedy(q_values, epsilon, rng):
    random_action = rng.integers(len(q_values))
    explore = rng.random() < epsilon
    return int(random_action) if explore else int(np.argmax(q_values))


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    best_next = 0.0 if done else Q[s_next].max()
    delta = r + gamma * best_next - Q[s, a]
    Q[s, a] += alpha * delta
    return float(delta)


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    for episode in range(num_episodes):
        s, _ = env.reset(seed=seed) if episode == 0 else env.reset()
        done = False
        while not done:
            a = epsilon_greedy(Q[s], epsilon, rng)
            s_next, r, terminated, truncated, _ = env.step(a)
            q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma)
            s, done = s_next, terminated or truncated
    return Q


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    num_actions, num_features = W.shape
    q_next = [
        sum(W[k, j] * x_next[j] for j in range(num_features)) + b[k] for k in range(num_actions)
    ]
    target = r if done else r + gamma * max(q_next)
    q = sum(W[a, j] * x[j] for j in range(num_features)) + b[a]
    delta = target - q
    for j in range(num_features):
        W[a, j] += alpha * delta * x[j]
    b[a] += alpha * delta
    return float(delta)
