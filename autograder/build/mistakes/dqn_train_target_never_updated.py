"""train_dqn copies Q_new into Q_old once, before the loop, and never again."""

PART = "dqn"
NAME = "Q_old never updated"
EXPLANATION = (
    "Your train_dqn never sets Q_old <- Q_new after the start, so the targets come "
    "from the initial random network for ever: copy the weights whenever t % "
    "target_update_every == 0."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        (
            "        if step % target_update_every == 0:\n"
            "            update_target(q_net, target_net)\n"
        ),
        "",
    ),
]
