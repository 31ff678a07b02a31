"""Loops over states and actions, vectorised over s' only, as the README allows."""

import numpy as np

PART = "dp"
NAME = "loops over (s, a), numpy over s'; while loops with an explicit counter"
BROKEN = ()


def bellman_backup_v(mdp, V):
    V_new = np.empty(mdp.num_states)
    for s in range(mdp.num_states):
        best = -np.inf
        for a in range(mdp.num_actions):
            best = max(best, float(np.dot(mdp.P[s, a], mdp.R[s, a] + mdp.gamma * V)))
        V_new[s] = best
    return V_new


def bellman_backup_q(mdp, Q):
    V_next = np.max(Q, axis=1)
    Q_new = np.empty((mdp.num_states, mdp.num_actions))
    for s in range(mdp.num_states):
        for a in range(mdp.num_actions):
            Q_new[s, a] = np.dot(mdp.P[s, a], mdp.R[s, a] + mdp.gamma * V_next)
    return Q_new


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    iters = 0
    while iters < max_iters:
        V_next = bellman_backup_v(mdp, V)
        iters += 1
        converged = np.abs(V_next - V).max() < tol
        V = V_next
        if converged:
            break
    return V


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    iters = 0
    while iters < max_iters:
        Q_next = bellman_backup_q(mdp, Q)
        iters += 1
        converged = np.abs(Q_next - Q).max() < tol
        Q = Q_next
        if converged:
            break
    return Q


def greedy_policy(Q):
    pi = np.zeros(Q.shape[0], dtype=np.int64)
    for s in range(Q.shape[0]):
        best = 0
        for a in range(1, Q.shape[1]):
            if Q[s, a] > Q[s, best]:
                best = a
        pi[s] = best
    return pi
