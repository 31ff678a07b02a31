"""The squared errors are summed over the minibatch instead of averaged."""

import torch

PART = "dqn"
NAME = "squared errors summed instead of averaged"
EXPLANATION = (
    "Your dqn_loss sums the squared errors over the minibatch: the lecture's loss is "
    "their mean, (1/B) sum_j (y_j - Q(phi_j, a_j))^2, so that the step size does not "
    "grow with the batch size."
)
CAUGHT_BY = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        max_q_next = target_net(batch.next_obs).max(dim=1).values
        y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return ((q_sa - y) ** 2).sum()
