"""The linear update moves every action's weights and bias, not only the taken action's."""

import numpy as np

PART = "q_learning"
NAME = "updates every action's parameters"
EXPLANATION = (
    "Your linear_q_update changes the rows of W (and entries of b) of actions that "
    "were not taken: Q(x, a) depends only on W[a] and b[a], so only they move."
)
CAUGHT_BY = ["q_learning.linear_update_stream"]


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next = W @ x_next + b
    target = r + gamma * (1.0 - done) * np.max(q_next)
    delta = target - (W[a] @ x + b[a])
    W += alpha * delta * x[None, :]
    b += alpha * delta
    return float(delta)
