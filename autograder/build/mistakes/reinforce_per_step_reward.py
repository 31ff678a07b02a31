"""Each log-probability is weighted by its own step's reward r_t instead of the return."""

import numpy as np
import torch

PART = "reinforce"
NAME = "log-probabilities weighted by r_t instead of the return"
EXPLANATION = (
    "Your reinforce_loss weights log pi(a_t | s_t) by the reward r_t of that step "
    "only: an action also earns the rewards that follow it, so weight every "
    "log-probability of trajectory i by its whole return R(tau_i) = sum_t r_t "
    "(or, with reward-to-go, by G_t)."
)
CAUGHT_BY = ["reinforce.loss_gradient", "reinforce.gradient_estimates"]


def reinforce_loss(log_probs, rewards):
    total = 0.0
    for log_probs_i, rewards_i in zip(log_probs, rewards, strict=True):
        r = torch.as_tensor(np.asarray(rewards_i, dtype=np.float64), dtype=log_probs_i.dtype)
        total = total + (log_probs_i * r).sum()
    return -total / len(log_probs)


_reference_weights = _weights


def _weights(rewards, gamma, use_reward_to_go, baseline):
    # train_reinforce's default weights make the same mistake
    if use_reward_to_go or baseline:
        return _reference_weights(rewards, gamma, use_reward_to_go, baseline)
    return [np.asarray(r, dtype=np.float64) for r in rewards]
