"""Value iteration stops on the sum of the changes over states instead of the largest one."""

import numpy as np

PART = "dp"
NAME = "stopping rule on the sum of changes"
EXPLANATION = (
    "Your value_iteration stops when the *sum* over states of |V^{i+1}(s) - V^i(s)| "
    "is below tol: the rule is on the largest change, max_s |V^{i+1}(s) - V^i(s)|."
)
CAUGHT_BY = ["dp.stopping_rule"]


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        V_new = bellman_backup_v(mdp, V)  # noqa: F821 - the reference's, in the variant module
        if np.sum(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
    return V
