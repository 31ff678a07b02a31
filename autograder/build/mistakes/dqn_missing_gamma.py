"""The discount factor is left out of the DQN target."""

import torch
import torch.nn.functional as F

PART = "dqn"
NAME = "missing gamma in the DQN target"
EXPLANATION = (
    "Your dqn_loss's target is r + (1 - terminated) max_a' Q_old(s', a'): the future "
    "is discounted, y = r + gamma (1 - terminated) max_a' Q_old(s', a')."
)
CAUGHT_BY = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        max_q_next = target_net(batch.next_obs).max(dim=1).values
        y = batch.rewards + (1.0 - batch.terminated) * max_q_next  # the mistake: no gamma
    return F.mse_loss(q_sa, y)
