"""The target's max is taken with q_net (Q_new) instead of the frozen target_net."""

import torch
import torch.nn.functional as F

PART = "dqn"
NAME = "dqn_loss bootstraps from Q_new instead of the frozen Q_old"
BROKEN = ("dqn_loss",)
CLAUSE = (
    "y_j = r_j + gamma (1 - terminated_j) max_a' Q_old(phi_{j+1}, a') ... Q_old is `target_net`"
)


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        max_q_next = q_net(batch.next_obs).max(dim=1).values
        y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return F.mse_loss(q_sa, y)
