"""Loops over states and actions; each expectation over s' is one dot product."""

import numpy as np

PART = "dp"
NAME = "explicit loops over states and actions"
BASE = None  # the whole module


def bellman_backup_v(mdp, V):
    V_new = np.empty(mdp.num_states)
    for s in range(mdp.num_states):
        best = -np.inf
        for a in range(mdp.num_actions):
            value = np.dot(mdp.P[s, a], mdp.R[s, a] + mdp.gamma * V)
            if value > best:
                best = value
        V_new[s] = best
    return V_new


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    iteration = 0
    while iteration < max_iters:
        V_new = bellman_backup_v(mdp, V)
        iteration += 1
        change = max(abs(V_new[s] - V[s]) for s in range(mdp.num_states))
        V = V_new
        if change < tol:
            break
    return V


def bellman_backup_q(mdp, Q):
    best_next = np.array([max(Q[s2]) for s2 in range(mdp.num_states)])
    Q_new = np.zeros((mdp.num_states, mdp.num_actions))
    for s in range(mdp.num_states):
        for a in range(mdp.num_actions):
            Q_new[s, a] = mdp.P[s, a] @ (mdp.R[s, a] + mdp.gamma * best_next)
    return Q_new


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)
        converged = np.all(np.abs(Q_new - Q) < tol)
        Q = Q_new
        if converged:
            break
    return Q


def greedy_policy(Q):
    pi = np.zeros(Q.shape[0], dtype=int)
    for s in range(Q.shape[0]):
        best = 0
        for a in range(1, Q.shape[1]):
            if Q[s, a] > Q[s, best]:
                best = a
        pi[s] = best
    return pi
