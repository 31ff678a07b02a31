"""The backup caches p(s'|s,a) R(s,a,s') in the MDP itself: mdp.R is replaced."""

import numpy as np

PART = "dp"
NAME = "backup writes into the MDP"
EXPLANATION = (
    "Your bellman_backup_v replaces mdp.R (or another part of `mdp`), so the next backup "
    "reads other rewards: do not modify `mdp`, compute what you need in new arrays."
)
CAUGHT_BY = ["dp.backup_v", "dp.k_backups"]


def bellman_backup_v(mdp, V):
    mdp.R = mdp.P * mdp.R  # the mistake: the MDP now holds p(s'|s,a) R(s,a,s')
    return np.max(np.sum(mdp.R, axis=2) + mdp.gamma * (mdp.P @ V), axis=1)
