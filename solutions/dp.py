"""Dynamic programming: value iteration and Q-iteration (reference solution).

Each function is the lecture's formula, vectorised over states and actions:

    V^{i+1}(s)    <- max_a sum_s' p(s'|s,a) [ r(s,a,s') + gamma V^i(s') ]
    Q^{i+1}(s, a) <-       sum_s' p(s'|s,a) [ r(s,a,s') + gamma max_a' Q^i(s', a') ]
"""

from __future__ import annotations

import numpy as np


def bellman_backup_v(mdp, V):
    """One synchronous Bellman optimality backup of V, shape (S,) -> (S,)."""
    return _q_from_v(mdp, V).max(axis=1)


def _q_from_v(mdp, V):
    """Q[s, a] = sum_s' p(s'|s,a) [r(s,a,s') + gamma V(s')], split by linearity into
    sum_s' p r (the expected reward) + gamma sum_s' p V(s') (one matrix product), shape (S, A)."""
    return mdp.expected_reward() + mdp.gamma * (mdp.P @ V)


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    """Back up V from zeros until max_s |V^{i+1}(s) - V^i(s)| < tol, shape (S,)."""
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        V_new = bellman_backup_v(mdp, V)
        if np.max(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
    return V


def bellman_backup_q(mdp, Q):
    """One synchronous Q-iteration backup, shape (S, A) -> (S, A)."""
    return _q_from_v(mdp, Q.max(axis=1))  # V(s') = max_a' Q^i(s', a')


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    """Back up Q from zeros until max_{s,a} |Q^{i+1}(s,a) - Q^i(s,a)| < tol, shape (S, A)."""
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new
        Q = Q_new
    return Q


def greedy_policy(Q):
    """pi(s) = argmax_a Q(s, a), shape (S, A) -> (S,) int; ties go to the lowest action index."""
    return np.argmax(Q, axis=1)
