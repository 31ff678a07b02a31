"""The target bootstraps from the next state even when the episode terminated there."""

import torch
import torch.nn.functional as F

PART = "dqn"
NAME = "no terminal mask in the DQN target"
EXPLANATION = (
    "Your dqn_loss uses y = r + gamma max_a' Q_old(s', a') for every transition: "
    "after a termination there is no future, so y = r there. Multiply the bootstrap "
    "term by (1 - terminated)."
)
CAUGHT_BY = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        max_q_next = target_net(batch.next_obs).max(dim=1).values
        y = batch.rewards + gamma * max_q_next
    return F.mse_loss(q_sa, y)
