"""In-place (Gauss-Seidel) Q backup: the new Q(s, .) is read back within the same sweep."""

import numpy as np

PART = "dp"
NAME = "in-place (Gauss-Seidel) Q backup"
EXPLANATION = (
    "Your bellman_backup_q writes each new Q(s, .) into the Q it reads max_a' Q(s', a') from: "
    "compute every Q_new(s, a) from the old Q, in a new array."
)
CAUGHT_BY = ["dp.backup_q"]


def bellman_backup_q(mdp, Q):
    Q = Q.copy()
    for s in range(mdp.num_states):
        V = Q.max(axis=1)  # the mistake: rows before s already hold this sweep's values
        Q[s] = np.sum(mdp.P[s] * (mdp.R[s] + mdp.gamma * V[None, :]), axis=1)
    return Q
