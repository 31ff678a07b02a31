"""The loss is +(1/N) sum ...: the optimizer's descent then lowers the return."""

import numpy as np

PART = "reinforce"
NAME = "reinforce_loss has the wrong sign"
BROKEN = ("reinforce_loss",)
CLAUSE = "Surrogate loss whose gradient is minus the lecture's policy-gradient estimator."


def reinforce_loss(log_probs, rewards):
    total = 0.0
    for lp, r in zip(log_probs, rewards):
        total = total + lp.sum() * float(np.sum(r))
    return total / len(log_probs)
