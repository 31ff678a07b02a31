"""The weight step uses the next state's features instead of the current state's."""

import numpy as np

PART = "q_learning"
NAME = "gradient step along x_next instead of x"
EXPLANATION = (
    "Your linear_q_update moves W[a] along x_next: the gradient of Q(x, a) = "
    "W[a] . x + b[a] with respect to W[a] is x, the features of the state the action "
    "was taken in."
)
CAUGHT_BY = ["q_learning.linear_update_stream"]


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next = W @ x_next + b
    target = r + gamma * (1.0 - done) * np.max(q_next)
    delta = target - (W[a] @ x + b[a])
    W[a] += alpha * delta * x_next
    b[a] += alpha * delta
    return float(delta)
