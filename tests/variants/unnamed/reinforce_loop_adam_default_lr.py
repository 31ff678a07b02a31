"""train_reinforce builds Adam without lr: Adam's default learning rate, not the one asked for."""

PART = "reinforce"
NAME = "loop: Adam's default learning rate"
CAUGHT_BY = ["reinforce.train_update"]
TOLD = "It is Adam's with learning rate 0.001"
SUBSTITUTE = [
    (
        "optimizer = torch.optim.Adam(policy.parameters(), lr=lr)",
        "optimizer = torch.optim.Adam(policy.parameters())",
    )
]
