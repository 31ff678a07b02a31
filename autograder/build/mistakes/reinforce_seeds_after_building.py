"""train_reinforce seeds torch after building its network: the initial weights are not seeded."""

PART = "reinforce"
NAME = "network built before torch.manual_seed(seed)"
EXPLANATION = (
    "Your train_reinforce draws the network's initial weights before torch.manual_seed(seed) "
    "(or never seeds torch): seed first, then build pi_theta, so that the same seed gives "
    "the same network."
)
CAUGHT_BY = ["reinforce.train_update"]
SUBSTITUTE = [
    (
        "    torch.manual_seed(seed)\n"
        "    obs, _ = env.reset(seed=seed)\n"
        "    policy = PolicyNetwork(np.asarray(obs).shape, int(env.action_space.n))\n",
        "    obs, _ = env.reset(seed=seed)\n"
        "    policy = PolicyNetwork(np.asarray(obs).shape, int(env.action_space.n))\n"
        "    torch.manual_seed(seed)  # the mistake: after the network's weights were drawn\n",
    ),
]
