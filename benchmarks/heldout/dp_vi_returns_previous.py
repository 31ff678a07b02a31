"""On convergence it returns the previous iterate V^{i-1} instead of V^{i}."""

import numpy as np

PART = "dp"
NAME = "value_iteration returns the iterate before the one that met the tolerance"
BROKEN = ("value_iteration",)
CLAUSE = "return the first iterate V^{i} with max_s |V^{i}(s) - V^{i-1}(s)| < tol"


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        V_new = bellman_backup_v(mdp, V)
        if np.max(np.abs(V_new - V)) < tol:
            break
        V = V_new
    else:
        return V
    return V
