"""dqn_loss regresses max_a Q_new(phi_j, a) instead of the Q-value of the action taken."""

import torch
import torch.nn.functional as F

PART = "dqn"
NAME = "Q_new of the best action instead of the action taken"
EXPLANATION = (
    "Your dqn_loss compares the target with max_a Q_new(phi_j, a): the regression is "
    "on Q_new(phi_j, a_j), the Q-value of the action a_j stored in the transition "
    "(gather with batch.actions)."
)
CAUGHT_BY = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).max(dim=1).values  # the mistake: not the action taken
    with torch.no_grad():
        max_q_next = target_net(batch.next_obs).max(dim=1).values
        y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return F.mse_loss(q_sa, y)
