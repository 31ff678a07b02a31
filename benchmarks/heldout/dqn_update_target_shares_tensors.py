"""update_target points target_net's parameters at q_net's tensors instead of copying them."""

PART = "dqn"
NAME = "update_target makes the two networks share their weight tensors"
BROKEN = ("update_target",)
CLAUSE = "they must not share tensors: a later gradient step on q_net leaves target_net unchanged."


def update_target(q_net, target_net):
    for p_target, p in zip(target_net.parameters(), q_net.parameters()):
        p_target.data = p.data
