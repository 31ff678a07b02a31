"""update_target makes Q_old share Q_new's tensors instead of copying their values."""

PART = "dqn"
NAME = "update_target shares the weights instead of copying them"
EXPLANATION = (
    "Your update_target makes the target network's parameters the very same tensors "
    "as q_net's, so every later gradient step moves Q_old too and it is never frozen: "
    "copy the values, e.g. target_net.load_state_dict(q_net.state_dict())."
)
CAUGHT_BY = ["dqn.target_update"]


def update_target(q_net, target_net):
    for target_param, param in zip(target_net.parameters(), q_net.parameters(), strict=True):
        target_param.data = param.data
