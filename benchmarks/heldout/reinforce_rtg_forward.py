"""The reward-to-go accumulates from the start (a running sum of past rewards)."""

import numpy as np

PART = "reinforce"
NAME = "reward_to_go sums the rewards up to t instead of from t"
BROKEN = ("reward_to_go",)
CLAUSE = "G_t = sum_{t' >= t} gamma^(t' - t) r_t'          (equivalently G_t = r_t + gamma G_{t+1})"


def reward_to_go(rewards, gamma=1.0):
    out = np.zeros(len(rewards))
    running = 0.0
    for t, r in enumerate(rewards):
        running = r + gamma * running
        out[t] = running
    return out
