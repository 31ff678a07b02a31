"""The backward recursion is done in the rewards list itself."""

import numpy as np

PART = "reinforce"
NAME = "reward_to_go overwrites the rewards it was given"
BROKEN = ("reward_to_go",)
CLAUSE = "rewards: sequence of T floats, r_0 .. r_{T-1}. Do not modify it."


def reward_to_go(rewards, gamma=1.0):
    for t in reversed(range(len(rewards) - 1)):
        rewards[t] = rewards[t] + gamma * rewards[t + 1]
    return np.array(rewards, dtype=np.float64)
