"""Q(s, a) is kept as a (B, 1) column and subtracted from a (B,) target: a (B, B) broadcast."""

import torch

PART = "dqn"
NAME = "(B, 1) Q-values broadcast against a (B,) target"
EXPLANATION = (
    "Your dqn_loss compares Q(s, a) of shape (B, 1) (gather without .squeeze(1)) "
    "with a target of shape (B,): broadcasting makes a (B, B) table of every pair, "
    "and the loss averages all of them. Squeeze Q(s, a) to (B,) so that each "
    "prediction meets its own target."
)
CAUGHT_BY = ["dqn.loss", "dqn.train"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1))
    with torch.no_grad():
        max_q_next = target_net(batch.next_obs).max(dim=1).values
        y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return ((q_sa - y) ** 2).mean()
