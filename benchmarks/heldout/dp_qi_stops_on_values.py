"""q_iteration reuses value_iteration's test: it stops when max_a Q stops changing."""

import numpy as np

PART = "dp"
NAME = "q_iteration stops when the state values converge, not the Q-values"
BROKEN = ("q_iteration",)
CLAUSE = (
    "Returns the first Q^{i} with max_{s,a} |Q^{i}(s,a) - Q^{i-1}(s,a)| < tol, or Q^{max_iters}."
)


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)
        if np.max(np.abs(Q_new.max(axis=1) - Q.max(axis=1))) < tol:
            return Q_new
        Q = Q_new
    return Q
