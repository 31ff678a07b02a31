"""The target bootstraps from Q_old(phi_{j+1}, a_j), the action taken, instead of the max."""

import torch
import torch.nn.functional as F

PART = "dqn"
NAME = "target from the taken action, not the max"
EXPLANATION = (
    "Your dqn_loss's target uses Q_old(phi_j+1, a_j), the next state's value of the action "
    "just taken: the lecture's target takes the best next action, y_j = r_j + gamma "
    "(1 - terminated_j) max_a' Q_old(phi_j+1, a')."
)
CAUGHT_BY = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    index = batch.actions.unsqueeze(1)
    q_sa = q_net(batch.obs).gather(1, index).squeeze(1)
    with torch.no_grad():
        next_q = target_net(batch.next_obs).gather(1, index).squeeze(1)  # the mistake: no max
        y = batch.rewards + gamma * (1.0 - batch.terminated) * next_q
    return F.mse_loss(q_sa, y)
