"""train_dqn returns each episode's discounted return instead of the undiscounted one."""

PART = "dqn"
NAME = "discounted episode returns reported"
EXPLANATION = (
    "Your train_dqn reports sum_k gamma^k r_k for each episode: it returns the "
    "undiscounted return, the plain sum of the episode's rewards."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        "    episode_returns, episode_return = [], 0.0\n",
        "    episode_returns, episode_return, discount = [], 0.0, 1.0\n",
    ),
    (
        "        episode_return += float(reward)\n",
        (
            "        episode_return += discount * float(reward)  # the mistake: discounted\n"
            "        discount *= gamma\n"
        ),
    ),
    (
        "            episode_return = 0.0\n",
        "            episode_return, discount = 0.0, 1.0\n",
    ),
]
