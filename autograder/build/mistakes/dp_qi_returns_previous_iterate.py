"""Q-iteration returns the iterate before the one that met the stopping rule."""

import numpy as np

PART = "dp"
NAME = "Q-iteration returns the previous iterate when it stops"
EXPLANATION = (
    "Your q_iteration returns Q^{i-1} when it stops: return the first iterate Q^i with "
    "max |Q^i - Q^{i-1}| < tol, as value_iteration does."
)
CAUGHT_BY = ["dp.q_iteration"]


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)  # noqa: F821 - the reference's, in the variant module
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q
        Q = Q_new
    return Q
