"""The discount multiplies the whole bracket, reward included."""

import numpy as np

PART = "dp"
NAME = "gamma multiplies r(s,a,s') + V(s') instead of V(s') alone"
BROKEN = ("bellman_backup_v",)
CLAUSE = "V^{i+1}(s) <- max_a sum_s' p(s'|s,a) [ r(s,a,s') + gamma V^i(s') ]"


def bellman_backup_v(mdp, V):
    q = mdp.gamma * np.sum(mdp.P * (mdp.R + V[None, None, :]), axis=2)
    return q.max(axis=1)
