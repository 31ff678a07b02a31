"""train_reinforce takes an optimizer step after every episode instead of after N of them."""

import numpy as np
import torch

PART = "reinforce"
NAME = "one optimizer step per episode"
EXPLANATION = (
    "Your train_reinforce takes an optimizer step after every episode: sample all N = "
    "episodes_per_iteration episodes first, then take exactly one step on their loss per "
    "iteration."
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
    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)
    episode_returns = []
    for _ in range(num_iterations):
        for _ in range(episodes_per_iteration):
            trajectory = _sample_episode(env, policy, obs)
            episode_returns.append(float(np.sum(trajectory[2])))
            obs, _ = env.reset()
            # the mistake: a step on each episode's loss, N steps per iteration
            loss = _mistake_loss(policy, [trajectory], gamma, use_reward_to_go, baseline)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return episode_returns
