"""Policy gradient: REINFORCE (reference solution).

The lecture's estimator, from N trajectories tau_i = (s_1, a_1, ..., s_T, a_T)_i sampled by
acting with pi_theta:

    grad J(theta) ~ (1/N) sum_i [ sum_t grad log pi_theta(a_t^i | s_t^i) ] [ sum_t r(s_t^i, a_t^i) ]
    theta <- theta + alpha grad J(theta)

An optimizer minimises, so we hand it a surrogate loss whose gradient is minus the estimator:

    loss(theta) = -(1/N) sum_i [ sum_t log pi_theta(a_t^i | s_t^i) ] [ sum_t r_t^i ]

Averaged over trajectories and summed over time steps (not Spinning Up's mean over all time steps).
The lecture's announced fix for credit assignment weights each log-probability with the
reward-to-go G_t = sum_{t' >= t} gamma^(t' - t) r_t' instead of the whole return.
"""

from __future__ import annotations

import sys

import numpy as np
import torch
import torch.nn as nn

# The lecture's convolutions, reused for policies on frames: (out_channels, kernel_size, stride).
CONV1 = (16, 8, 4)
CONV2 = (32, 4, 2)


def _conv_output_size(size, kernel_size, stride):
    return (size - kernel_size) // stride + 1


class PolicyNetwork(nn.Module):
    """pi_theta(a | s): a network from an observation to one logit per action.

    obs_shape (D,):       an MLP  s (B, D) -> Linear(D, hidden) -> Tanh -> Linear(hidden, A)
    obs_shape (C, H, W):  the lecture's convolutions on frames in 0..255 (scaled by 1/255):
                          16 8x8 conv, stride 4 -> ReLU -> 32 4x4 conv, stride 2 -> ReLU
                          -> flatten -> Linear(., hidden) -> ReLU -> Linear(hidden, A)

    forward(obs) gives the logits (B, A); distribution(obs) the Categorical pi_theta(. | s).
    """

    def __init__(self, obs_shape, num_actions, hidden=64):
        super().__init__()
        obs_shape = (int(obs_shape),) if np.isscalar(obs_shape) else tuple(obs_shape)
        self.obs_shape = obs_shape
        if len(obs_shape) == 1:
            self.is_frames = False
            self.body = nn.Sequential(nn.Linear(obs_shape[0], hidden), nn.Tanh())
        elif len(obs_shape) == 3:
            self.is_frames = True
            channels, height, width = obs_shape
            (c1, k1, s1), (c2, k2, s2) = CONV1, CONV2
            out_h = _conv_output_size(_conv_output_size(height, k1, s1), k2, s2)
            out_w = _conv_output_size(_conv_output_size(width, k1, s1), k2, s2)
            if out_h < 1 or out_w < 1:
                raise ValueError(
                    f"PolicyNetwork: frames {height}x{width} are too small for the lecture's "
                    f"convolutions; they need at least {k1 + (k2 - 1) * s1} pixels a side"
                )
            self.body = nn.Sequential(
                nn.Conv2d(channels, c1, kernel_size=k1, stride=s1),
                nn.ReLU(),
                nn.Conv2d(c1, c2, kernel_size=k2, stride=s2),
                nn.ReLU(),
                nn.Flatten(),
                nn.Linear(c2 * out_h * out_w, hidden),
                nn.ReLU(),
            )
        else:
            raise ValueError(f"PolicyNetwork: obs_shape must be (D,) or (C, H, W), got {obs_shape}")
        self.logits = nn.Linear(hidden, num_actions)

    def forward(self, obs):
        """Logits of pi_theta(. | s): obs (B, D) or (B, C, H, W) -> (B, A), float32."""
        x = obs.float()
        if self.is_frames:
            x = x / 255.0
        return self.logits(self.body(x))

    def distribution(self, obs):
        """pi_theta(. | s) as a torch Categorical over the A actions, batch shape (B,)."""
        return torch.distributions.Categorical(logits=self(obs))


def reinforce_loss(log_probs, rewards):
    """Surrogate loss whose gradient is minus the lecture's policy-gradient estimator.

        loss = -(1/N) sum_i [ sum_t log pi(a_t^i | s_t^i) ] [ sum_t r_t^i ]

    Args:
        log_probs: list of N tensors, the i-th of shape (T_i,): log pi_theta(a_t | s_t) of the
            actions taken in trajectory i (they carry the gradient).
        rewards: list of N sequences of floats, the i-th of length T_i: r_t of trajectory i.

    Returns:
        0-dim float32 tensor.
    """
    if len(log_probs) != len(rewards) or len(log_probs) == 0:
        raise ValueError(
            f"reinforce_loss: need as many reward sequences as log-prob tensors (at least one), "
            f"got {len(log_probs)} and {len(rewards)}"
        )
    total = 0.0
    for log_probs_i, rewards_i in zip(log_probs, rewards, strict=True):
        return_i = float(np.sum(np.asarray(rewards_i, dtype=np.float64)))  # sum_t r_t^i
        total = total + log_probs_i.sum() * return_i
    return -total / len(log_probs)


def reward_to_go(rewards, gamma=1.0):
    """G_t = sum_{t' >= t} gamma^(t' - t) r_t', for every t of one trajectory.

    Args:
        rewards: sequence of T floats.
        gamma: discount factor in [0, 1].

    Returns:
        np.ndarray, shape (T,), float64.  Example: reward_to_go([1, 2, 3]) == [6, 5, 3].
    """
    rewards = np.asarray(rewards, dtype=np.float64)
    returns = np.zeros_like(rewards)
    future = 0.0
    for t in reversed(range(len(rewards))):
        future = rewards[t] + gamma * future  # G_t = r_t + gamma G_{t+1}
        returns[t] = future
    return returns


def _policy_gradient_loss(log_probs, weights):
    """-(1/N) sum_i sum_t log pi(a_t^i | s_t^i) w_t^i; with w_t^i = sum_t r_t^i, reinforce_loss."""
    total = 0.0
    for log_probs_i, weights_i in zip(log_probs, weights, strict=True):
        total = total + (log_probs_i * torch.as_tensor(weights_i, dtype=log_probs_i.dtype)).sum()
    return -total / len(log_probs)


def _weights(rewards, gamma, use_reward_to_go, baseline):
    """The factor multiplying each log pi(a_t | s_t), one float64 array (T_i,) per trajectory.

    Whole (discounted) return R(tau_i) at every t, or the reward-to-go G_t^i. With `baseline`,
    subtract the batch average: of R(tau) over the N trajectories, or of G_t over the
    trajectories that last beyond t (a constant per time step, so the estimator stays unbiased
    up to using the batch itself for the average).
    """
    weights = []
    for rewards_i in rewards:
        to_go = reward_to_go(rewards_i, gamma)
        weights.append(to_go if use_reward_to_go else np.full(len(to_go), to_go[0]))
    if baseline:
        if use_reward_to_go:
            longest = max(len(w) for w in weights)
            padded = np.full((len(weights), longest), np.nan)
            for i, w in enumerate(weights):
                padded[i, : len(w)] = w
            b = np.nanmean(padded, axis=0)  # b_t, (T_max,)
            weights = [w - b[: len(w)] for w in weights]
        else:
            b = np.mean([w[0] for w in weights])
            weights = [w - b for w in weights]
    return weights


def _sample_episode(env, policy, obs):
    """Act with pi_theta from `obs` until the episode ends: (observations, actions, rewards)."""
    observations, actions, rewards = [], [], []
    while True:
        obs = np.asarray(obs)
        with torch.no_grad():
            action = int(policy.distribution(torch.from_numpy(obs)[None]).sample().item())
        next_obs, reward, terminated, truncated, _ = env.step(action)
        observations.append(obs)
        actions.append(action)
        rewards.append(float(reward))
        if terminated or truncated:
            return observations, actions, rewards
        obs = next_obs


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
    """REINFORCE: `num_iterations` times, sample N = episodes_per_iteration trajectories with
    pi_theta, then take one gradient step (Adam) on the surrogate loss.

    With the defaults (gamma = 1, no reward-to-go, no baseline) the loss is exactly
    `reinforce_loss`: each log pi(a_t | s_t) is weighted by the whole return of its trajectory.
    `use_reward_to_go` weights it by G_t instead; `baseline` subtracts the batch average (see
    `_weights`). Works on vector observations (CartPole) and on frame stacks (C, H, W) uint8.

    Returns:
        list of the undiscounted return of every episode, in the order they were played.
    """
    torch.manual_seed(seed)
    obs, _ = env.reset(seed=seed)
    policy = PolicyNetwork(np.asarray(obs).shape, int(env.action_space.n))
    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)

    bar = _progress_bar(num_iterations, progress)
    episode_returns = []
    for _ in range(num_iterations):
        # Sample N trajectories tau_i by acting according to pi_theta.
        trajectories = []
        for _ in range(episodes_per_iteration):
            trajectories.append(_sample_episode(env, policy, obs))
            episode_returns.append(float(np.sum(trajectories[-1][2])))
            obs, _ = env.reset()

        # log pi_theta(a_t^i | s_t^i) for every step, in one batch, then split per trajectory.
        lengths = [len(actions) for _, actions, _ in trajectories]
        all_obs = torch.from_numpy(np.stack([o for obs_i, _, _ in trajectories for o in obs_i]))
        all_actions = torch.tensor([a for _, actions, _ in trajectories for a in actions])
        log_probs = policy.distribution(all_obs).log_prob(all_actions).split(lengths)

        # theta <- theta + alpha grad J(theta), i.e. a descent step on the surrogate loss.
        rewards = [r for _, _, r in trajectories]
        if gamma == 1.0 and not use_reward_to_go and not baseline:
            loss = reinforce_loss(log_probs, rewards)  # the lecture's estimator, as on the slide
        else:  # the lecture's announced fixes: reward-to-go, a baseline
            loss = _policy_gradient_loss(
                log_probs, _weights(rewards, gamma, use_reward_to_go, baseline)
            )
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if bar is not None:
            bar.update(1)
            bar.set_postfix(ret=f"{np.mean(episode_returns[-episodes_per_iteration:]):.1f}")
    if bar is not None:
        bar.close()
    return episode_returns


def _progress_bar(total, progress):
    """A tqdm bar if asked for (by default: on a terminal) and tqdm is installed; else None."""
    if progress is False or (progress is None and not sys.stderr.isatty()):
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, leave=False)
