"""The target is computed without torch.no_grad() or .detach(): gradient reaches Q_old."""

import torch.nn.functional as F

PART = "dqn"
NAME = "dqn_loss lets the gradient flow through the target network"
BROKEN = ("dqn_loss",)
CLAUSE = "its gradient reaches q_net's parameters and never target_net's."


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    max_q_next = target_net(batch.next_obs).max(dim=1).values
    y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return F.mse_loss(q_sa, y)
