"""The weights are always the undiscounted returns: gamma is never used."""

import numpy as np

PART = "reinforce"
NAME = "train_reinforce ignores gamma"
BROKEN = ("train_reinforce",)
CLAUSE = (
    "reinforce_loss (each log-probability weighted by the whole return "
    "sum_t gamma^t r_t of its trajectory)"
)


def _weights(rewards, gamma, use_reward_to_go, baseline):
    weights = []
    for rewards_i in rewards:
        to_go = reward_to_go(rewards_i)
        weights.append(to_go if use_reward_to_go else np.full(len(to_go), to_go[0]))
    if baseline:
        if use_reward_to_go:
            longest = max(len(w) for w in weights)
            padded = np.full((len(weights), longest), np.nan)
            for i, w in enumerate(weights):
                padded[i, : len(w)] = w
            b = np.nanmean(padded, axis=0)
            weights = [w - b[: len(w)] for w in weights]
        else:
            b = np.mean([w[0] for w in weights])
            weights = [w - b for w in weights]
    return weights
