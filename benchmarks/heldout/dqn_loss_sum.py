"""The squared errors are summed over the minibatch, not averaged."""

import torch

PART = "dqn"
NAME = "dqn_loss sums the squared errors over the minibatch"
BROKEN = ("dqn_loss",)
CLAUSE = "loss = (1/B) sum_j ( y_j - Q_new(phi_j, a_j) )^2"


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        y = batch.rewards + gamma * (1.0 - batch.terminated) * target_net(batch.next_obs).max(1)[0]
    return ((y - q_sa) ** 2).sum()
