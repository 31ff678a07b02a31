"""train_reinforce creates a new Adam optimizer every iteration (its moment estimates lost)."""

PART = "reinforce"
NAME = "a new optimizer every iteration"
EXPLANATION = (
    "Your train_reinforce creates a new Adam optimizer in every iteration, so its running "
    "averages of the gradient start over each time: create one optimizer before the loop "
    "and keep it for the whole run."
)
CAUGHT_BY = ["reinforce.train_update"]
SUBSTITUTE = [
    ("    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)\n", ""),
    (
        "        optimizer.zero_grad()\n",
        "        optimizer = torch.optim.Adam(policy.parameters(), lr=lr)  # the mistake\n"
        "        optimizer.zero_grad()\n",
    ),
]
