"""A new Adam optimizer per iteration: its moment estimates start over at every step."""

import numpy as np
import torch

PART = "reinforce"
NAME = "train_reinforce re-creates the optimizer at every iteration"
BROKEN = ("train_reinforce",)
CLAUSE = "an Adam optimizer with learning rate lr ... take one optimizer step on the surrogate loss"


def train_reinforce(
    env,
    num_iterations,
    *,
    seed=0,
    episodes_per_iteration=16,
    lr=0.01,
    gamma=1.0,
    use_reward_to_go=False,
    baseline=False,
    progress=None,
):
    torch.manual_seed(seed)
    obs, _ = env.reset(seed=seed)
    policy = PolicyNetwork(np.asarray(obs).shape, int(env.action_space.n))
    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)
    episode_returns = []
    for _ in range(num_iterations):
        trajectories = []
        for _ in range(episodes_per_iteration):
            trajectories.append(_sample_episode(env, policy, obs))
            episode_returns.append(float(np.sum(trajectories[-1][2])))
            obs, _ = env.reset()
        lengths = [len(actions) for _, actions, _ in trajectories]
        all_obs = torch.from_numpy(np.stack([o for obs_i, _, _ in trajectories for o in obs_i]))
        all_actions = torch.tensor([a for _, actions, _ in trajectories for a in actions])
        log_probs = policy.distribution(all_obs).log_prob(all_actions).split(lengths)
        rewards = [r for _, _, r in trajectories]
        if gamma == 1.0 and not use_reward_to_go and not baseline:
            loss = reinforce_loss(log_probs, rewards)
        else:
            loss = _policy_gradient_loss(
                log_probs, _weights(rewards, gamma, use_reward_to_go, baseline)
            )
        optimizer = torch.optim.Adam(policy.parameters(), lr=lr)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return episode_returns
