"""Written differently: flatnonzero for the greedy action, the delta form of the update,
rng.choice for the random action, a linear update through the gradient vector."""

import numpy as np

PART = "q_learning"
NAME = "flatnonzero argmax, rng.choice, delta-form updates"
BROKEN = ()


def epsilon_greedy(q_values, epsilon, rng):
    q_values = np.asarray(q_values)
    explore = rng.random() < epsilon
    if explore:
        return int(rng.choice(q_values.shape[0]))
    return int(np.flatnonzero(q_values == q_values.max())[0])


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    future = 0.0 if done else gamma * Q[s_next].max()
    delta = r + future - Q[s, a]
    Q[s, a] += alpha * delta
    return float(delta)


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q = W @ x + b
    q_next = W @ x_next + b
    delta = float(r + (0.0 if done else gamma * q_next.max()) - q[a])
    grad_w = np.zeros_like(W)
    grad_w[a] = x
    grad_b = np.zeros_like(b)
    grad_b[a] = 1.0
    W += alpha * delta * grad_w
    b += alpha * delta * grad_b
    return delta
