"""A loop that fills np.zeros(S): the policy comes back as float64, not integers."""

import numpy as np

PART = "dp"
NAME = "greedy_policy returns float actions"
BROKEN = ("greedy_policy",)
CLAUSE = "np.ndarray, shape (S,), integer dtype: the action index for each state."


def greedy_policy(Q):
    pi = np.zeros(Q.shape[0])
    for s in range(Q.shape[0]):
        pi[s] = np.argmax(Q[s])
    return pi
