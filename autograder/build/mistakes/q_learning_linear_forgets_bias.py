"""The linear update moves the weights but not the bias."""

import numpy as np

PART = "q_learning"
NAME = "bias b_a never updated"
EXPLANATION = (
    "Your linear_q_update leaves b unchanged: Q(x, a) = W[a] . x + b[a] has a "
    "gradient of 1 with respect to b[a], so b[a] += alpha * delta too."
)
CAUGHT_BY = ["q_learning.linear_update_stream"]


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next = W @ x_next + b
    target = r + gamma * (1.0 - done) * np.max(q_next)
    delta = target - (W[a] @ x + b[a])
    W[a] += alpha * delta * x
    return float(delta)
