"""train_reinforce plays every episode for at most a fixed horizon of 20 steps (the slide's
trajectories of length T), then resets: episodes are cut before they terminate or truncate."""

PART = "reinforce"
NAME = "loop: episodes cut at 20 steps"
CAUGHT_BY = ["reinforce.train_update"]
TOLD = "episodes per iteration, each until terminated or truncated"
SUBSTITUTE = [
    (
        "    while True:\n        obs = np.asarray(obs)\n",
        "    for _ in range(20):  # the mistake: a fixed horizon, not until the episode ends\n"
        "        obs = np.asarray(obs)\n",
    ),
    (
        "            return observations, actions, rewards\n        obs = next_obs\n",
        "            break\n        obs = next_obs\n    return observations, actions, rewards\n",
    ),
]
