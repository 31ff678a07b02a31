"""Value iteration returns the iterate before the one that met the stopping rule."""

import numpy as np

PART = "dp"
NAME = "returns the previous iterate when it stops"
EXPLANATION = (
    "Your value_iteration returns V^i when max_s |V^{i+1}(s) - V^i(s)| < tol: return "
    "the newer iterate V^{i+1}, the first one that moved less than tol."
)
CAUGHT_BY = ["dp.stopping_rule"]


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        V_new = bellman_backup_v(mdp, V)  # noqa: F821 - the reference's, in the variant module
        if np.max(np.abs(V_new - V)) < tol:
            return V
        V = V_new
    return V
