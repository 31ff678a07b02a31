"""Value iteration runs max_iters + 1 backups (an off-by-one in the loop)."""

import numpy as np

PART = "dp"
NAME = "one backup too many (max_iters + 1)"
EXPLANATION = (
    "Your value_iteration with max_iters = k returns V^{k+1}: it must apply at most "
    "max_iters backups (V^0 = 0, then max_iters backups give V^{max_iters})."
)
CAUGHT_BY = ["dp.k_backups"]


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    i = 0
    while i <= max_iters:
        V_new = bellman_backup_v(mdp, V)  # noqa: F821 - the reference's, in the variant module
        if np.max(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
        i += 1
    return V
