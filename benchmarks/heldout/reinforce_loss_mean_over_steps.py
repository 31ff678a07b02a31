"""The loss divides by the total number of time steps (Spinning Up's mean), not by N."""

import numpy as np
import torch

PART = "reinforce"
NAME = "reinforce_loss averages over all time steps instead of over trajectories"
BROKEN = ("reinforce_loss",)
CLAUSE = "Average over the N trajectories and sum over the time steps of each one."


def reinforce_loss(log_probs, rewards):
    terms = [lp * float(np.sum(r)) for lp, r in zip(log_probs, rewards)]
    return -torch.cat(terms).mean()
