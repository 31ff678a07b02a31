"""One rng.choice with epsilon-greedy's probabilities; (1 - alpha) Q + alpha target;
the first reset's seed from a keyword dict; a one-hot gradient for the linear Q."""

import numpy as np

PART = "q_learning"
NAME = "one rng.choice, (1 - alpha) Q + alpha target"
BASE = None  # the whole module


def epsilon_greedy(q_values, epsilon, rng):
    num_actions = len(q_values)
    probabilities = np.full(num_actions, epsilon / num_actions)
    probabilities[np.argmax(q_values)] += 1.0 - epsilon
    return int(rng.choice(num_actions, p=probabilities))


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r if done else r + gamma * np.max(Q[s_next])
    delta = target - Q[s, a]
    Q[s, a] = (1 - alpha) * Q[s, a] + alpha * target
    return float(delta)


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    options = {"seed": seed}
    for _ in range(num_episodes):
        s, _ = env.reset(**options)
        options = {}
        while True:
            a = epsilon_greedy(Q[s], epsilon, rng)
            s_next, r, terminated, truncated, _ = env.step(a)
            q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma)
            if terminated or truncated:
                break
            s = s_next
    return Q


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next = np.einsum("ad,d->a", W, x_next) + b
    target = r + (0.0 if done else gamma * q_next.max())
    delta = target - (np.dot(W[a], x) + b[a])
    one_hot = np.eye(len(b))[a]
    W += alpha * delta * np.outer(one_hot, x)
    b += alpha * delta * one_hot
    return float(delta)
