"""train_reinforce builds a new PolicyNetwork (and its Adam optimizer) at every iteration, so
each iteration starts from fresh random weights instead of improving one pi_theta."""

PART = "reinforce"
NAME = "loop: a new network every iteration"
CAUGHT_BY = ["reinforce.train_update"]
TOLD = "train_reinforce built 3 PolicyNetwork objects; build exactly one"
SUBSTITUTE = [
    (
        "    for _ in range(num_iterations):\n",
        "    for _ in range(num_iterations):\n"
        "        # the mistake: a new pi_theta (and optimizer) every iteration\n"
        "        policy = PolicyNetwork(np.asarray(obs).shape, int(env.action_space.n))\n"
        "        optimizer = torch.optim.Adam(policy.parameters(), lr=lr)\n",
    )
]
