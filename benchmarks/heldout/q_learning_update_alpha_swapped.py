"""The running average weights the old value by alpha and the target by 1 - alpha."""

import numpy as np

PART = "q_learning"
NAME = "q_learning_update swaps alpha and 1 - alpha"
BROKEN = ("q_learning_update",)
CLAUSE = "Q(s,a) <- (1-alpha) Q(s,a) + alpha [r + gamma max_a' Q(s',a')]"


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + gamma * (0.0 if done else np.max(Q[s_next]))
    delta = target - Q[s, a]
    Q[s, a] = alpha * Q[s, a] + (1 - alpha) * target
    return float(delta)
