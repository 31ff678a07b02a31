"""The surrogate loss is +(1/N) sum_i [sum_t log pi] R(tau_i): minimising it descends J."""

import numpy as np
import torch

PART = "reinforce"
NAME = "REINFORCE loss with the wrong sign"
EXPLANATION = (
    "Your reinforce_loss is +(1/N) sum_i [sum_t log pi(a_t | s_t)] R(tau_i): an "
    "optimizer minimises the loss, so it must be *minus* that, or every step makes "
    "good trajectories less likely."
)
CAUGHT_BY = ["reinforce.loss_gradient", "reinforce.gradient_estimates", "reinforce.train"]


def reinforce_loss(log_probs, rewards):
    total = 0.0
    for log_probs_i, rewards_i in zip(log_probs, rewards, strict=True):
        total = total + log_probs_i.sum() * float(np.sum(rewards_i))
    return total / len(log_probs)


def _policy_gradient_loss(log_probs, weights):
    # train_reinforce steps on the same sign mistake
    total = 0.0
    for log_probs_i, weights_i in zip(log_probs, weights, strict=True):
        total = total + (log_probs_i * torch.as_tensor(weights_i, dtype=log_probs_i.dtype)).sum()
    return total / len(log_probs)
