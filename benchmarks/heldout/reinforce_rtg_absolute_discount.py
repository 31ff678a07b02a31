"""The discount's exponent is t' (from the episode's start), not t' - t."""

import numpy as np

PART = "reinforce"
NAME = "reward_to_go discounts from the start of the episode, gamma^t' instead of gamma^(t' - t)"
BROKEN = ("reward_to_go",)
CLAUSE = "G_t = sum_{t' >= t} gamma^(t' - t) r_t'"


def reward_to_go(rewards, gamma=1.0):
    r = np.asarray(rewards, dtype=np.float64)
    discounted = r * gamma ** np.arange(len(r))
    return np.cumsum(discounted[::-1])[::-1].copy()
