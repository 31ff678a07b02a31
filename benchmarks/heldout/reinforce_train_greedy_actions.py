"""Episodes are played with argmax of the logits instead of sampling from pi_theta."""

import numpy as np
import torch

PART = "reinforce"
NAME = "train_reinforce acts greedily instead of sampling from the policy"
BROKEN = ("train_reinforce",)
CLAUSE = "sample N = episodes_per_iteration trajectories by acting with pi_theta"


def _sample_episode(env, policy, obs):
    observations, actions, rewards = [], [], []
    while True:
        obs = np.asarray(obs)
        with torch.no_grad():
            action = int(policy(torch.from_numpy(obs)[None]).argmax(dim=1).item())
        next_obs, reward, terminated, truncated, _ = env.step(action)
        observations.append(obs)
        actions.append(action)
        rewards.append(float(reward))
        if terminated or truncated:
            return observations, actions, rewards
        obs = next_obs
