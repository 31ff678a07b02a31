"""dqn_loss uses the Huber (smooth L1) loss instead of the squared error."""

import torch
import torch.nn.functional as F

PART = "dqn"
NAME = "Huber loss instead of the squared error"
EXPLANATION = (
    "Your dqn_loss is the Huber (smooth L1) loss: the lecture's loss is the mean "
    "squared error, (1/B) sum_j (y_j - Q_new(phi_j, a_j))^2 (F.mse_loss)."
)
CAUGHT_BY = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        max_q_next = target_net(batch.next_obs).max(dim=1).values
        y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return F.smooth_l1_loss(q_sa, y)
