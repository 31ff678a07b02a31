"""reward_to_go discounts r_t' by gamma^t' (from the episode's start) instead of gamma^(t' - t)."""

import numpy as np

PART = "reinforce"
NAME = "reward-to-go discounted from the episode's start"
EXPLANATION = (
    "Your reward_to_go weights r_t' by gamma^t', counted from the start of the "
    "episode: the reward-to-go discounts from step t, gamma^(t' - t), so that "
    "G_t = r_t + gamma G_{t+1}."
)
CAUGHT_BY = ["reinforce.reward_to_go"]


def reward_to_go(rewards, gamma=1.0):
    rewards = np.asarray(rewards, dtype=np.float64)
    discounted = rewards * gamma ** np.arange(len(rewards))  # the mistake: gamma^t'
    return np.cumsum(discounted[::-1])[::-1].copy()
