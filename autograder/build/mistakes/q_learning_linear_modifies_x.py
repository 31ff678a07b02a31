"""The step vector aliases x: the update scales the caller's feature vector in place."""

import numpy as np

PART = "q_learning"
NAME = "linear update scales x in place"
EXPLANATION = (
    "Your linear_q_update modifies x (e.g. `step = x; step *= alpha * delta`): x and x_next "
    "are the caller's, compute alpha * delta * x as a new array."
)
CAUGHT_BY = ["q_learning.linear_update_stream"]


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next = W @ x_next + b
    target = r + gamma * (1.0 - done) * np.max(q_next)
    delta = target - (W[a] @ x + b[a])
    step = x  # the mistake: an alias of x, not a copy
    step *= alpha * delta
    W[a] += step
    b[a] += alpha * delta
    return float(delta)
