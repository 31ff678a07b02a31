"""q_learning_update moves the whole row Q[s] towards the target, not only Q[s, a]."""

import numpy as np

PART = "q_learning"
NAME = "updates Q(s, .) of every action"
EXPLANATION = (
    "Your q_learning_update moves Q(s, a') of every action a' towards the target: the "
    "sample (s, a, r, s') is about the action taken, so only Q[s, a] changes."
)
CAUGHT_BY = ["q_learning.update_stream"]


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + gamma * (1.0 - done) * np.max(Q[s_next])
    delta = target - Q[s, a]
    Q[s] = (1.0 - alpha) * Q[s] + alpha * target  # the mistake: the whole row
    return float(delta)
