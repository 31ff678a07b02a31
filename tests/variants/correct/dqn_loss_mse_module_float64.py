"""dqn_loss by torch.nn.MSELoss in float64, gather with view, the target under no_grad."""

PART = "dqn"
NAME = "dqn_loss: MSELoss in float64"
CHECKS = ["dqn.loss"]


def dqn_loss(q_net, target_net, batch, gamma):
    q_sa = q_net(batch.obs).double().gather(1, batch.actions.view(-1, 1)).view(-1)
    with torch.no_grad():
        best = target_net(batch.next_obs).double().max(dim=1)[0]
    y = batch.rewards.double() + gamma * best * (1 - batch.terminated.double())
    return torch.nn.MSELoss()(q_sa, y).float()
