"""The reward is read as R[s, a, s] (the reward of staying in s) instead of R[s, a, s']."""

import numpy as np

PART = "dp"
NAME = "reward indexed R[s, a, s] instead of R[s, a, s']"
EXPLANATION = (
    "Your backups match ones that use R[s, a, s], the reward of staying in s, for "
    "every next state: the reward depends on the next state, so it belongs inside the "
    "sum over s', as R[s, a, s']."
)
CAUGHT_BY = [
    "dp.backup_v",
    "dp.k_backups",
    "dp.value_iteration",
    "dp.stopping_rule",
    "dp.backup_q",
    "dp.q_iteration",
]


def _reward(mdp):
    S = mdp.num_states
    return mdp.R[np.arange(S), :, np.arange(S)]  # r[s, a] = R[s, a, s], shape (S, A)


def bellman_backup_v(mdp, V):
    Q = _reward(mdp) + mdp.gamma * (mdp.P @ V)
    return Q.max(axis=1)


def bellman_backup_q(mdp, Q):
    return _reward(mdp) + mdp.gamma * (mdp.P @ Q.max(axis=1))
