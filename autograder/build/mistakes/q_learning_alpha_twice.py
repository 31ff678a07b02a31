"""The learning rate is applied twice: the step is alpha * alpha * (target - Q(s, a))."""

import numpy as np

PART = "q_learning"
NAME = "learning rate applied twice in q_learning_update"
EXPLANATION = (
    "Your q_learning_update scales by alpha twice (alpha already in delta, then "
    "Q[s, a] += alpha * delta): delta = target - Q(s, a) has no alpha."
)
CAUGHT_BY = ["q_learning.update_stream", "q_learning.learning"]


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + gamma * (1.0 - done) * np.max(Q[s_next])
    delta = alpha * (target - Q[s, a])
    Q[s, a] = Q[s, a] + alpha * delta
    return float(delta)
