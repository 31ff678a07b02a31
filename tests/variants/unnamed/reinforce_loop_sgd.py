"""train_reinforce steps with SGD instead of the contract's Adam."""

PART = "reinforce"
NAME = "loop: SGD instead of Adam"
CAUGHT_BY = ["reinforce.train_update"]
TOLD = "plain gradient descent (SGD)"
SUBSTITUTE = [
    (
        "optimizer = torch.optim.Adam(policy.parameters(), lr=lr)",
        "optimizer = torch.optim.SGD(policy.parameters(), lr=lr)",
    )
]
