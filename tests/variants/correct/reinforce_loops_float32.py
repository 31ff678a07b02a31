"""reward_to_go summed forward from each t in float32; reinforce_loss a loop over every step."""

import numpy as np
import torch

PART = "reinforce"
NAME = "loops and float32 arithmetic"


def reward_to_go(rewards, gamma=1.0):
    """Each G_t summed forward from t, in float32, returned as float64."""
    rewards = [np.float32(r) for r in rewards]
    out = []
    for t in range(len(rewards)):
        total, weight = np.float32(0.0), np.float32(1.0)
        for r in rewards[t:]:
            total += weight * r
            weight *= np.float32(gamma)
        out.append(total)
    return np.array(out, dtype=np.float64)


def reinforce_loss(log_probs, rewards):
    """A loop over every step, weights as float32 tensors."""
    terms = []
    for lp, r in zip(log_probs, rewards, strict=True):
        R = torch.tensor(float(sum(r)), dtype=torch.float32)
        for t in range(len(lp)):
            terms.append(lp[t] * R)
    return -torch.stack(terms).sum() / len(log_probs)
