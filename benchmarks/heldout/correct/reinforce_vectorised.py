"""A ReLU MLP (the docstring allows it), a stacked loss, reward-to-go by a discount matrix,
log-probabilities gathered while acting, a student's own loop."""

import numpy as np
import torch
import torch.nn as nn

PART = "reinforce"
NAME = "ReLU MLP, stacked loss, discount-matrix reward-to-go, log-probs kept while acting"
BROKEN = ()


class PolicyNetwork(nn.Module):
    def __init__(self, obs_shape, num_actions, hidden=64):
        super().__init__()
        obs_shape = tuple(obs_shape)
        if len(obs_shape) == 1:
            self.scale = 1.0
            self.net = nn.Sequential(
                nn.Linear(obs_shape[0], hidden), nn.ReLU(), nn.Linear(hidden, num_actions)
            )
        elif len(obs_shape) == 3:
            c, h, w = obs_shape
            if min(h, w) < 20:
                raise ValueError("frames must be at least 20x20 for the lecture's convolutions")
            side_h = ((h - 8) // 4 + 1 - 4) // 2 + 1
            side_w = ((w - 8) // 4 + 1 - 4) // 2 + 1
            self.scale = 1.0 / 255.0
            self.net = nn.Sequential(
                nn.Conv2d(c, 16, 8, 4),
                nn.ReLU(),
                nn.Conv2d(16, 32, 4, 2),
                nn.ReLU(),
                nn.Flatten(),
                nn.Linear(32 * side_h * side_w, hidden),
                nn.ReLU(),
                nn.Linear(hidden, num_actions),
            )
        else:
            raise ValueError(f"obs_shape must be (D,) or (C, H, W), got {obs_shape}")

    def forward(self, obs):
        return self.net(obs.float() * self.scale)

    def distribution(self, obs):
        return torch.distributions.Categorical(logits=self.forward(obs))


def reinforce_loss(log_probs, rewards):
    per_traj = torch.stack([lp.sum() * float(sum(r)) for lp, r in zip(log_probs, rewards)])
    return -per_traj.mean()


def reward_to_go(rewards, gamma=1.0):
    r = np.array(rewards, dtype=np.float64)
    n = len(r)
    exponents = np.arange(n)[None, :] - np.arange(n)[:, None]  # t' - t
    discount = np.where(exponents >= 0, float(gamma) ** np.maximum(exponents, 0), 0.0)
    return discount @ r


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
    returns = []
    first = True
    for _ in range(num_iterations):
        batch_log_probs, batch_weights = [], []
        for _ in range(episodes_per_iteration):
            if not first:
                obs, _ = env.reset()
            first = False
            lps, rews = [], []
            done = False
            while not done:
                dist = policy.distribution(torch.as_tensor(np.asarray(obs))[None])
                action = dist.sample()
                lps.append(dist.log_prob(action)[0])
                obs, r, terminated, truncated, _ = env.step(int(action))
                rews.append(float(r))
                done = terminated or truncated
            returns.append(float(sum(rews)))
            g = reward_to_go(rews, gamma)
            batch_log_probs.append(torch.stack(lps))
            batch_weights.append(g if use_reward_to_go else np.full(len(g), g[0]))
        if baseline:
            if use_reward_to_go:
                longest = max(len(w) for w in batch_weights)
                sums, counts = np.zeros(longest), np.zeros(longest)
                for w in batch_weights:
                    sums[: len(w)] += w
                    counts[: len(w)] += 1
                b = sums / counts
                batch_weights = [w - b[: len(w)] for w in batch_weights]
            else:
                mean_return = np.mean([w[0] for w in batch_weights])
                batch_weights = [w - mean_return for w in batch_weights]
        loss = -torch.stack(
            [
                (lp * torch.as_tensor(w, dtype=lp.dtype)).sum()
                for lp, w in zip(batch_log_probs, batch_weights)
            ]
        ).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return returns
