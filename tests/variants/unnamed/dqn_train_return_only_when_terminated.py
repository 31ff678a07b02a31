"""train_dqn records an episode's return only when it terminated: a time limit's is lost."""

PART = "dqn"
NAME = "loop: returns of truncated episodes dropped"
CAUGHT_BY = ["dqn.train_transitions"]
TOLD = "every finished episode, terminated or truncated, in order"
SUBSTITUTE = [
    (
        "            episode_returns.append(episode_return)\n",
        "            if terminated:  # the mistake: time limits not recorded\n"
        "                episode_returns.append(episode_return)\n",
    )
]
