"""dqn_loss with one target-network call on obs and next_obs together, torch.where for the
terminal mask, and the mean written as a sum over B."""

PART = "dqn"
NAME = "dqn_loss: one target call for both frames"
CHECKS = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    B = len(batch.actions)
    q_sa = q_net(batch.obs)[range(B), batch.actions]
    with torch.no_grad():
        both = target_net(torch.cat([batch.obs, batch.next_obs]))
    bootstrap = torch.where(batch.terminated > 0, 0.0, both[B:].amax(dim=1))
    return (batch.rewards + gamma * bootstrap - q_sa).pow(2).sum() / B
