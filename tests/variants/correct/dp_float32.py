"""The reference's loops; the backups compute in float32, return the dtype RETURNED names."""

import numpy as np

PART = "dp"
NAME = "float32 arithmetic, returned as float32"
BASE = None  # the whole module
RETURNED = np.float32  # the dtype the backups return


def bellman_backup_v(mdp, V):
    P, R = mdp.P.astype(np.float32), mdp.R.astype(np.float32)
    V = np.asarray(V, dtype=np.float32)
    Q = np.sum(P * (R + np.float32(mdp.gamma) * V[None, None, :]), axis=2)
    return Q.max(axis=1).astype(RETURNED)


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        V_new = bellman_backup_v(mdp, V)
        if np.max(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
    return V


def bellman_backup_q(mdp, Q):
    P, R = mdp.P.astype(np.float32), mdp.R.astype(np.float32)
    V = np.asarray(Q, dtype=np.float32).max(axis=1)
    return np.sum(P * (R + np.float32(mdp.gamma) * V[None, None, :]), axis=2).astype(RETURNED)


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new
        Q = Q_new
    return Q


def greedy_policy(Q):
    return np.argmax(Q, axis=1)
