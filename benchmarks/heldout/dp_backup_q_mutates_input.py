"""The backup writes the new Q-values into the array it was given and returns it."""

import numpy as np

PART = "dp"
NAME = "bellman_backup_q overwrites its input Q"
BROKEN = ("bellman_backup_q",)
CLAUSE = "Q: np.ndarray, shape (S, A), the current Q-values Q^i. Do not modify it."


def bellman_backup_q(mdp, Q):
    V_next = Q.max(axis=1)
    Q[:] = np.sum(mdp.P * mdp.R, axis=2) + mdp.gamma * (mdp.P @ V_next)
    return Q
