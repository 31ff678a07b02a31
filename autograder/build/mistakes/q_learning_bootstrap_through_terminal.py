"""The Q-learning target bootstraps from the next state even when the transition was terminal."""

import numpy as np

PART = "q_learning"
NAME = "Q-learning target bootstraps from a terminal state"
EXPLANATION = (
    "Your q_learning_update adds gamma max_a' Q(s', a') even when `done` is true: a "
    "terminal state has no future, so the target is just r there."
)
CAUGHT_BY = ["q_learning.update_stream"]


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + gamma * np.max(Q[s_next])
    delta = target - Q[s, a]
    Q[s, a] = (1.0 - alpha) * Q[s, a] + alpha * target
    return float(delta)
