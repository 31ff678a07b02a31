"""The target is computed with the online network Q_new instead of the frozen Q_old."""

import torch
import torch.nn.functional as F

PART = "dqn"
NAME = "online network used for the target"
EXPLANATION = (
    "Your dqn_loss computes max_a' Q(s', a') with q_net: the lecture's target uses "
    "the frozen copy, y = r + gamma max_a' Q_old(s', a') with Q_old = target_net, "
    "so the target does not move with every gradient step."
)
CAUGHT_BY = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        max_q_next = q_net(batch.next_obs).max(dim=1).values
        y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return F.mse_loss(q_sa, y)
