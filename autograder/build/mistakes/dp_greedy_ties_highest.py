"""The greedy policy keeps the last of several best actions (`>=` in a running max)."""

import numpy as np

PART = "dp"
NAME = "greedy policy breaks ties towards the highest index"
EXPLANATION = (
    "Your greedy policy picks the last of several equally good actions (a `>=` in a "
    "running max?): ties go to the lowest index, as np.argmax does."
)
CAUGHT_BY = ["dp.greedy_policy"]


def greedy_policy(Q):
    S, A = Q.shape
    pi = np.zeros(S, dtype=np.int64)
    for s in range(S):
        best = -np.inf
        for a in range(A):
            if Q[s, a] >= best:
                best = Q[s, a]
                pi[s] = a
    return pi
