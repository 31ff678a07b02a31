"""train_dqn decays epsilon with the number of finished episodes, not with the step t."""

PART = "dqn"
NAME = "epsilon decayed per episode, not per step"
EXPLANATION = (
    "Your train_dqn computes the exploration rate from the number of episodes: the "
    "schedule runs over environment steps, epsilon = epsilon_at(t, epsilon_start, "
    "epsilon_end, epsilon_decay_steps) at step t."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        "        epsilon = epsilon_at(step, epsilon_start, epsilon_end, epsilon_decay_steps)\n",
        (
            "        epsilon = epsilon_at(len(episode_returns),"
            " epsilon_start, epsilon_end, epsilon_decay_steps)\n"
        ),
    ),
]
