"""train_reinforce creates a new Adam optimizer every iteration (its moment estimates lost)."""

import numpy as np
import torch

PART = "reinforce"
NAME = "a new optimizer every iteration"
EXPLANATION = (
    "Your train_reinforce creates a new Adam optimizer in every iteration, so its running "
    "averages of the gradient start over each time: create one optimizer before the loop "
    "and keep it for the whole run."
)
CAUGHT_BY = ["reinforce.train_update"]


def _mistake_loss(policy, trajectories, gamma, use_reward_to_go, baseline):
    lengths = [len(actions) for _, actions, _ in trajectories]
    all_obs = torch.from_numpy(np.stack([o for obs_i, _, _ in trajectories for o in obs_i]))
    all_actions = torch.tensor([a for _, actions, _ in trajectories for a in actions])
    log_probs = policy.distribution(all_obs).log_prob(all_actions).split(lengths)
    rewards = [r for _, _, r in trajectories]
    return _policy_gradient_loss(log_probs, _weights(rewards, gamma, use_reward_to_go, baseline))


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
    episode_returns = []
    for _ in range(num_iterations):
        optimizer = torch.optim.Adam(policy.parameters(), lr=lr)  # the mistake: a new one each time
        trajectories = []
        for _ in range(episodes_per_iteration):
            trajectories.append(_sample_episode(env, policy, obs))
            episode_returns.append(float(np.sum(trajectories[-1][2])))
            obs, _ = env.reset()
        loss = _mistake_loss(policy, trajectories, gamma, use_reward_to_go, baseline)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return episode_returns
