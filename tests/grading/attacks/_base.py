# An honest dp.py, written apart from the reference (no docstrings, no comments of its own) and
# with no function calling another, so that an attack on one function costs exactly its points.
import numpy as np


def _q_values(mdp, V):
    return np.sum(mdp.P * (mdp.R + mdp.gamma * V[None, None, :]), axis=2)


def bellman_backup_v(mdp, V):
    return _q_values(mdp, V).max(axis=1)


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        V_new = _q_values(mdp, V).max(axis=1)
        if np.max(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
    return V


def bellman_backup_q(mdp, Q):
    return _q_values(mdp, Q.max(axis=1))


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = _q_values(mdp, Q.max(axis=1))
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new
        Q = Q_new
    return Q


def greedy_policy(Q):
    return np.argmax(Q, axis=1)
