"""Q-iteration averages the next state's Q-values over actions instead of taking their max."""

import numpy as np

PART = "dp"
NAME = "Q-iteration averages over next actions instead of max_a'"
EXPLANATION = (
    "Your Q backup matches one that averages Q(s', a') over a' (the value of a "
    "uniformly random policy): Q-iteration backs up max_a' Q(s', a')."
)
CAUGHT_BY = ["dp.backup_q", "dp.q_iteration"]


def bellman_backup_q(mdp, Q):
    V = Q.mean(axis=1)
    return np.sum(mdp.P * (mdp.R + mdp.gamma * V[None, None, :]), axis=2)
