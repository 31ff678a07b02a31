"""train_dqn never copies Q_new into Q_old before the loop (only at t % K == 0)."""

PART = "dqn"
NAME = "Q_old not initialized as a copy of Q_new"
EXPLANATION = (
    "Your train_dqn starts with two independently initialised networks: Algorithm 1 "
    "starts with Q_old <- Q_new (update_target(q_net, target_net) before the loop), "
    "so that the first targets come from the same network."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        ("    update_target(q_net, target_net)\n    target_net.requires_grad_(False)\n"),
        "    target_net.requires_grad_(False)  # the mistake: no Q_old <- Q_new first\n",
    ),
]
