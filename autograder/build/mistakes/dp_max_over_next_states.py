"""The expectation over next states is replaced by a max over them."""

import numpy as np

PART = "dp"
NAME = "max over next states instead of the expectation"
EXPLANATION = (
    "Your backups match ones that take the max over next states s': the environment "
    "picks s', not you, so average over s' (sum_s' p(s'|s,a) [...]) and maximise only "
    "over actions."
)
CAUGHT_BY = [
    "dp.backup_v",
    "dp.k_backups",
    "dp.value_iteration",
    "dp.stopping_rule",
    "dp.backup_q",
    "dp.q_iteration",
]


def bellman_backup_v(mdp, V):
    Q = np.max(mdp.P * (mdp.R + mdp.gamma * V[None, None, :]), axis=2)
    return Q.max(axis=1)


def bellman_backup_q(mdp, Q):
    V = Q.max(axis=1)
    return np.max(mdp.P * (mdp.R + mdp.gamma * V[None, None, :]), axis=2)
