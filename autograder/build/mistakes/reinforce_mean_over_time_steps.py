"""The loss divides by the number of time steps in the batch instead of the trajectories."""

import numpy as np
import torch

PART = "reinforce"
NAME = "REINFORCE loss averaged over time steps"
EXPLANATION = (
    "Your reinforce_loss divides by the total number of time steps: the lecture's "
    "estimator sums over the time steps of a trajectory and averages over the N "
    "trajectories, -(1/N) sum_i [sum_t log pi(a_t | s_t)] R(tau_i)."
)
CAUGHT_BY = ["reinforce.loss_gradient", "reinforce.gradient_estimates"]


def reinforce_loss(log_probs, rewards):
    total, steps = 0.0, 0
    for log_probs_i, rewards_i in zip(log_probs, rewards, strict=True):
        total = total + log_probs_i.sum() * float(np.sum(rewards_i))
        steps += len(rewards_i)
    return -total / steps


def _policy_gradient_loss(log_probs, weights):
    # train_reinforce steps on the same mistake
    total = 0.0
    for log_probs_i, weights_i in zip(log_probs, weights, strict=True):
        total = total + (log_probs_i * torch.as_tensor(weights_i, dtype=log_probs_i.dtype)).sum()
    return -total / sum(len(w) for w in weights)
