"""A while loop that counts from 0 to max_iters inclusive: one backup too many."""

import numpy as np

PART = "dp"
NAME = "value_iteration does max_iters + 1 backups when it does not converge"
BROKEN = ("value_iteration",)
CLAUSE = "If that never happens, return V^{max_iters} (the result of exactly max_iters backups)."


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    i = 0
    while i <= max_iters:
        V_new = bellman_backup_v(mdp, V)
        if np.max(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
        i += 1
    return V
