"""The discount factor is left out of the Q-learning target."""

import numpy as np

PART = "q_learning"
NAME = "missing gamma in the Q-learning target"
EXPLANATION = (
    "Your q_learning_update's target is r + max_a' Q(s', a'): the future is "
    "discounted, r + gamma max_a' Q(s', a')."
)
CAUGHT_BY = ["q_learning.update_stream", "q_learning.learning"]


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + (1.0 - done) * np.max(Q[s_next])
    delta = target - Q[s, a]
    Q[s, a] = (1.0 - alpha) * Q[s, a] + alpha * target
    return float(delta)
