"""train_reinforce plays every episode for at most a fixed horizon of 20 steps (the slide's
trajectories of length T), then resets: episodes are cut before they terminate or truncate."""

PART = "reinforce"
NAME = "loop: episodes cut at 20 steps"
CAUGHT_BY = ["reinforce.train_update"]
TOLD = "episodes per iteration, each until terminated or truncated"


def _sample_episode(env, policy, obs):
    observations, actions, rewards = [], [], []
    for _ in range(20):  # the mistake: a fixed horizon instead of until the episode ends
        obs = np.asarray(obs)
        with torch.no_grad():
            action = int(policy.distribution(torch.from_numpy(obs)[None]).sample().item())
        next_obs, reward, terminated, truncated, _ = env.step(action)
        observations.append(obs)
        actions.append(action)
        rewards.append(float(reward))
        if terminated or truncated:
            break
        obs = next_obs
    return observations, actions, rewards
