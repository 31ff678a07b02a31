"""The target's max is taken over Q[s] (the state left) instead of Q[s_next]."""

import numpy as np

PART = "q_learning"
NAME = "q_learning_update bootstraps from the current state's Q-values"
BROKEN = ("q_learning_update",)
CLAUSE = "Q(s,a) <- (1-alpha) Q(s,a) + alpha [r + gamma max_a' Q(s',a')]"


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r if done else r + gamma * np.max(Q[s])
    delta = target - Q[s, a]
    Q[s, a] += alpha * delta
    return float(delta)
