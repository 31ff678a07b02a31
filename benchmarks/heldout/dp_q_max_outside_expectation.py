"""The max over a' is taken after the expectation over s' (max_a' E[Q(s', a')])."""

import numpy as np

PART = "dp"
NAME = "bellman_backup_q takes max_a' of the expected Q instead of the expected max_a' Q"
BROKEN = ("bellman_backup_q",)
CLAUSE = "Q^{i+1}(s, a) <- sum_s' p(s'|s,a) [ r(s,a,s') + gamma max_a' Q^i(s', a') ]"


def bellman_backup_q(mdp, Q):
    expected_reward = np.sum(mdp.P * mdp.R, axis=2)  # (S, A)
    expected_next_q = mdp.P @ Q  # (S, A, A'): sum_s' p(s'|s,a) Q(s', a')
    return expected_reward + mdp.gamma * expected_next_q.max(axis=2)
