"""Each trajectory's sum of log-probabilities goes through .item(): the loss has no gradient."""

import numpy as np
import torch

PART = "reinforce"
NAME = "reinforce_loss cuts the gradient with .item()"
BROKEN = ("reinforce_loss",)
CLAUSE = "They carry the gradient: do not detach them."


def reinforce_loss(log_probs, rewards):
    total = 0.0
    for lp, r in zip(log_probs, rewards):
        total += lp.sum().item() * float(np.sum(r))
    return torch.tensor(-total / len(log_probs), requires_grad=True)
