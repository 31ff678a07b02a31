"""The baseline is each trajectory's own average over its time steps, not the batch average."""

import numpy as np

PART = "reinforce"
NAME = "train_reinforce's baseline averages over time within a trajectory"
BROKEN = ("train_reinforce",)
CLAUSE = "baseline=True: subtract from the weights their average over the batch"


def _weights(rewards, gamma, use_reward_to_go, baseline):
    weights = []
    for rewards_i in rewards:
        to_go = reward_to_go(rewards_i, gamma)
        w = to_go if use_reward_to_go else np.full(len(to_go), to_go[0])
        if baseline:
            w = w - w.mean()
        weights.append(w)
    return weights
