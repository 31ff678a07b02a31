"""update_target copies only the weight matrices and kernels, not the biases: afterwards Q_old
and Q_new compute different functions."""

PART = "dqn"
NAME = "update_target copies the weights but not the biases"
CAUGHT_BY = ["dqn.target_update"]
TOLD = "the target's weights are not q_net's"


def update_target(q_net, target_net):
    targets = dict(target_net.named_parameters())
    with torch.no_grad():
        for name, parameter in q_net.named_parameters():
            if name.endswith("weight"):  # the mistake: the biases stay the target's own
                targets[name].copy_(parameter)
