"""einsum for the expectation over s', the reward and the future in one bracket."""

import numpy as np

PART = "dp"
NAME = "einsum over the bracket r + gamma V(s'); argmax via a stable sort"
BROKEN = ()


def bellman_backup_v(mdp, V):
    bracket = mdp.R + mdp.gamma * V[np.newaxis, np.newaxis, :]
    return np.einsum("ijk,ijk->ij", mdp.P, bracket).max(axis=1)


def bellman_backup_q(mdp, Q):
    bracket = mdp.R + mdp.gamma * Q.max(axis=1)[np.newaxis, np.newaxis, :]
    return np.einsum("ijk,ijk->ij", mdp.P, bracket)


def greedy_policy(Q):
    # A stable sort of -Q keeps the lowest index first among equal values.
    return np.argsort(-Q, axis=1, kind="stable")[:, 0]
