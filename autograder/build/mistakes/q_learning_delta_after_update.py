"""The returned TD error is computed after Q(s, a) was updated."""

import numpy as np

PART = "q_learning"
NAME = "TD error computed after updating Q(s, a)"
EXPLANATION = (
    "Your q_learning_update returns target - Q(s, a) with the *updated* Q(s, a): "
    "compute delta from the value before the update."
)
CAUGHT_BY = ["q_learning.update_stream"]


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + gamma * (1.0 - done) * np.max(Q[s_next])
    Q[s, a] = (1.0 - alpha) * Q[s, a] + alpha * target
    return float(target - Q[s, a])
