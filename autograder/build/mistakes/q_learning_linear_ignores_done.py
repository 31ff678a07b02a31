"""The linear target bootstraps from the next state even when the transition was terminal."""

import numpy as np

PART = "q_learning"
NAME = "linear target bootstraps from a terminal state"
EXPLANATION = (
    "Your linear_q_update adds gamma max_a' Q(x_next, a') even when `done` is true: "
    "after a terminal transition the target is just r."
)
CAUGHT_BY = ["q_learning.linear_update_stream"]


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next = W @ x_next + b
    target = r + gamma * np.max(q_next)
    delta = target - (W[a] @ x + b[a])
    W[a] += alpha * delta * x
    b[a] += alpha * delta
    return float(delta)
