"""When an episode ends, train_dqn resets the env before storing the transition, so phi_{t+1}
of the episode's last transition is the next episode's first observation, not the one env.step
returned."""

PART = "dqn"
NAME = "loop: stores env.reset()'s observation as phi_t+1"
CAUGHT_BY = ["dqn.train_transitions"]
TOLD = "not the one env.reset returned"
SUBSTITUTE = [
    (
        "        next_obs, reward, terminated, truncated, _ = env.step(action)\n"
        "        replay.add(obs, action, reward, next_obs, terminated)\n"
        "        episode_return += float(reward)\n"
        "        if terminated or truncated:\n"
        "            episode_returns.append(episode_return)\n"
        "            episode_return = 0.0\n"
        "            obs, _ = env.reset()\n"
        "        else:\n"
        "            obs = next_obs\n",
        "        next_obs, reward, terminated, truncated, _ = env.step(action)\n"
        "        episode_return += float(reward)\n"
        "        if terminated or truncated:\n"
        "            episode_returns.append(episode_return)\n"
        "            episode_return = 0.0\n"
        "            next_obs, _ = env.reset()  # the mistake: before the transition is stored\n"
        "        replay.add(obs, action, reward, next_obs, terminated)\n"
        "        obs = next_obs\n",
    )
]
