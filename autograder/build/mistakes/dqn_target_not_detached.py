"""The target max_a' Q_old(s', a') is computed with gradient tracking: backward reaches Q_old."""

import torch.nn.functional as F

PART = "dqn"
NAME = "target computed with gradient (not frozen)"
EXPLANATION = (
    "Your dqn_loss computes y = r + gamma max_a' Q_old(s', a') with gradient "
    "tracking, so loss.backward() also fills Q_old's gradients: compute the target "
    "under `with torch.no_grad():` (or .detach() it). The target is a fixed number "
    "for the regression, not something to optimise."
)
CAUGHT_BY = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    max_q_next = target_net(batch.next_obs).max(dim=1).values
    y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return F.mse_loss(q_sa, y)
