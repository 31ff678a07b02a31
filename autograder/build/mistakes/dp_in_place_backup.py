"""In-place (Gauss-Seidel) backup: new values are read back within the same sweep."""

import numpy as np

PART = "dp"
NAME = "in-place (Gauss-Seidel) backup"
EXPLANATION = (
    "Your backup matches an in-place (Gauss-Seidel) update: compute every V_new[s] "
    "from the old V, not from values already updated in this sweep."
)
CAUGHT_BY = ["dp.backup_v", "dp.k_backups", "dp.stopping_rule"]


def bellman_backup_v(mdp, V):
    V = V.copy()
    for s in range(mdp.num_states):
        V[s] = np.max(np.sum(mdp.P[s] * (mdp.R[s] + mdp.gamma * V[None, :]), axis=1))
    return V
