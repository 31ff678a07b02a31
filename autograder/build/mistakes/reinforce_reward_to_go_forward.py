"""reward_to_go sums the rewards up to t (a running sum from the start) instead of from t on."""

import numpy as np

PART = "reinforce"
NAME = "reward-to-go summed from the start"
EXPLANATION = (
    "Your reward_to_go sums the rewards before t: the reward-to-go is what follows "
    "the action, G_t = sum_{t' >= t} gamma^(t' - t) r_t', computed backwards with "
    "G_t = r_t + gamma G_{t+1}."
)
CAUGHT_BY = ["reinforce.reward_to_go"]


def reward_to_go(rewards, gamma=1.0):
    rewards = np.asarray(rewards, dtype=np.float64)
    returns = np.zeros_like(rewards)
    past = 0.0
    for t in range(len(rewards)):
        past = gamma * past + rewards[t]  # the mistake: the rewards up to t
        returns[t] = past
    return returns
