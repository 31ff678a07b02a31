"""The reward is summed over next states without their probabilities."""

import numpy as np

PART = "dp"
NAME = "reward summed over s' without p(s'|s,a)"
EXPLANATION = (
    "Your backups match ones that add sum_s' r(s,a,s') unweighted: the reward is "
    "inside the expectation, sum_s' p(s'|s,a) [r(s,a,s') + gamma V(s')]."
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
    Q = np.sum(mdp.R, axis=2) + mdp.gamma * (mdp.P @ V)
    return Q.max(axis=1)


def bellman_backup_q(mdp, Q):
    return np.sum(mdp.R, axis=2) + mdp.gamma * (mdp.P @ Q.max(axis=1))
