"""train_reinforce seeds torch after building its network: the initial weights are not seeded."""

import numpy as np
import torch

PART = "reinforce"
NAME = "network built before torch.manual_seed(seed)"
EXPLANATION = (
    "Your train_reinforce draws the network's initial weights before torch.manual_seed(seed) "
    "(or never seeds torch): seed first, then build pi_theta, so that the same seed gives "
    "the same network."
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
    obs, _ = env.reset(seed=seed)
    policy = PolicyNetwork(np.asarray(obs).shape, int(env.action_space.n))
    torch.manual_seed(seed)  # the mistake: after the network's weights were drawn
    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)
    episode_returns = []
    for _ in range(num_iterations):
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
