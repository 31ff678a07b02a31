"""W += alpha * delta * x broadcasts over every row: all actions' weights move."""

import numpy as np

PART = "q_learning"
NAME = "linear_q_update moves every action's weights and biases"
BROKEN = ("linear_q_update",)
CLAUSE = "only the taken action's parameters move, along the gradient of Q(x, a)"


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next = W @ x_next + b
    target = r if done else r + gamma * np.max(q_next)
    delta = target - (W[a] @ x + b[a])
    W += alpha * delta * x
    b += alpha * delta
    return float(delta)
