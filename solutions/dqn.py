"""Deep Q-learning with experience replay and a frozen target network (reference solution).

The lecture's pieces, in the order of its slides:

    Q-network     phi (C, H, W) -> 16 8x8 conv, stride 4 -> 32 4x4 conv, stride 2
                  -> FC-256 -> FC-|A| (one Q-value per action), ReLU in between
    loss          ( Q_new(s, a) - (r + gamma max_a' Q_old(s', a')) )^2, averaged over a minibatch
    stability     freeze Q_old; set Q_old <- Q_new at regular intervals
    exploration   epsilon-greedy: argmax_a Q(s, a) with probability 1 - epsilon, else random
    replay        store (phi_t, a_t, r_t, phi_{t+1}) in D, train on random minibatches from D

`train_dqn` is "Algorithm 1: Deep Q-learning with Experience Replay" line by line.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# The lecture's convolutions: (out_channels, kernel_size, stride).
CONV1 = (16, 8, 4)
CONV2 = (32, 4, 2)


def _conv_output_size(size, kernel_size, stride):
    """Side of a square map after an unpadded convolution: floor((size - kernel) / stride) + 1."""
    return (size - kernel_size) // stride + 1


def _min_frame_size():
    """Smallest frame side for which the lecture's two convolutions still give a 1x1 map: 20."""
    (_, k1, s1), (_, k2, _) = CONV1, CONV2
    # conv2 needs a map of at least k2 pixels; conv1 gives k2 pixels from k1 + (k2 - 1) * s1 pixels.
    return k1 + (k2 - 1) * s1


class QNetwork(nn.Module):
    """The lecture's deep Q-network: a stack of frames in, one Q-value per action out.

        x (B, C, H, W), 0..255  --/255-->  16 8x8 conv, stride 4  --ReLU-->  32 4x4 conv, stride 2
        --ReLU--> flatten --> FC-256 --ReLU--> FC-num_actions  =  Q(s, .)   (B, num_actions)

    On 84x84 frames the maps are 16x20x20 and 32x9x9, so FC-256 sees 32 * 9 * 9 = 2592 inputs.
    Frames are square, frame_size pixels a side, at least 20 (see `_min_frame_size`).
    """

    def __init__(self, in_channels, num_actions, frame_size=84):
        super().__init__()
        if frame_size < _min_frame_size():
            raise ValueError(
                f"QNetwork: frame_size={frame_size} is too small: the lecture's two convolutions "
                f"(8x8 stride 4, then 4x4 stride 2) need frames of at least {_min_frame_size()} "
                f"pixels a side to leave a 1x1 map"
            )
        (c1, k1, s1), (c2, k2, s2) = CONV1, CONV2
        side = _conv_output_size(_conv_output_size(frame_size, k1, s1), k2, s2)
        # Registered in the order conv1, conv2, fc, head: the grader loads weights by this order.
        self.conv1 = nn.Conv2d(in_channels, c1, kernel_size=k1, stride=s1)
        self.conv2 = nn.Conv2d(c1, c2, kernel_size=k2, stride=s2)
        self.fc = nn.Linear(c2 * side * side, 256)
        self.head = nn.Linear(256, num_actions)

    def forward(self, x):
        """Q(s, .) for a batch of frame stacks: (B, C, H, W) uint8 or float in 0..255 -> (B, A)."""
        x = x.float() / 255.0
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.relu(self.fc(x.flatten(start_dim=1)))
        return self.head(x)


class Batch(NamedTuple):
    """A minibatch of B transitions (phi_j, a_j, r_j, phi_{j+1}, terminated_j) as torch tensors."""

    obs: torch.Tensor  # (B, C, H, W) uint8
    actions: torch.Tensor  # (B,) int64
    rewards: torch.Tensor  # (B,) float32
    next_obs: torch.Tensor  # (B, C, H, W) uint8
    terminated: torch.Tensor  # (B,) float32, 1.0 where phi_{j+1} is terminal


class ReplayBuffer:
    """The replay memory D of capacity N: the newest transitions overwrite the oldest.

    Arrays are allocated once: obs and next_obs (N, *obs_shape) uint8, actions (N,) int64,
    rewards (N,) float32, terminated (N,) float32. `sample` draws uniformly from the filled slots.
    """

    def __init__(self, capacity, obs_shape, seed):
        if capacity < 1:
            raise ValueError(f"ReplayBuffer: capacity must be at least 1, got {capacity}")
        self.capacity = int(capacity)
        self.obs = np.zeros((self.capacity, *obs_shape), dtype=np.uint8)
        self.next_obs = np.zeros((self.capacity, *obs_shape), dtype=np.uint8)
        self.actions = np.zeros(self.capacity, dtype=np.int64)
        self.rewards = np.zeros(self.capacity, dtype=np.float32)
        self.terminated = np.zeros(self.capacity, dtype=np.float32)
        self.rng = np.random.default_rng(seed)
        self.pos = 0  # the slot the next transition goes to
        self.size = 0  # how many slots hold a transition

    def __len__(self):
        return self.size

    def add(self, obs, action, reward, next_obs, terminated):
        """Store (phi_t, a_t, r_t, phi_{t+1}, terminated), overwriting the oldest when full."""
        i = self.pos
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = float(terminated)
        self.pos = (self.pos + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, batch_size):
        """A random minibatch of `batch_size` transitions, indices uniform over the filled slots."""
        if self.size == 0:
            raise ValueError("ReplayBuffer.sample: the buffer is empty; add transitions first")
        idx = self.rng.integers(0, len(self), size=batch_size)
        return Batch(
            obs=torch.from_numpy(self.obs[idx]),
            actions=torch.from_numpy(self.actions[idx]),
            rewards=torch.from_numpy(self.rewards[idx]),
            next_obs=torch.from_numpy(self.next_obs[idx]),
            terminated=torch.from_numpy(self.terminated[idx]),
        )


def dqn_loss(q_net, target_net, batch, gamma):
    """The lecture's MSE loss on a minibatch, with the frozen network Q_old as the target:

        y_j  = r_j + gamma (1 - terminated_j) max_a' Q_old(phi_{j+1}, a')     (no gradient)
        loss = (1/B) sum_j ( y_j - Q_new(phi_j, a_j) )^2                        0-dim tensor

    Only a true termination stops bootstrapping; a time-limit truncation is stored as
    terminated = 0 and keeps its bootstrap term.
    """
    # Q_new(phi_j, a_j): pick the Q-value of the action taken, (B, A) -> (B,)
    q_sa = q_net(batch.obs).gather(1, batch.actions.unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        max_q_next = target_net(batch.next_obs).max(dim=1).values  # (B,)
        y = batch.rewards + gamma * (1.0 - batch.terminated) * max_q_next
    return F.mse_loss(q_sa, y)


def update_target(q_net, target_net):
    """Q_old <- Q_new: copy the weights (a copy, not shared tensors)."""
    target_net.load_state_dict(q_net.state_dict())


def epsilon_at(step, start=1.0, end=0.05, decay_steps=10_000):
    """Exploration rate: linear from `start` at step 0 to `end` at `decay_steps`, then `end`."""
    if decay_steps <= 0:
        return float(end)
    fraction = min(step / decay_steps, 1.0)
    return float(start + fraction * (end - start))


def train_dqn(
    env,
    num_steps,
    *,
    seed=0,
    gamma=0.99,
    lr=1e-3,
    batch_size=32,
    buffer_capacity=10_000,
    learning_starts=100,
    train_every=1,
    target_update_every=10,
    epsilon_start=1.0,
    epsilon_end=0.05,
    epsilon_decay_steps=500,
    progress=None,
):
    """Algorithm 1 (Deep Q-learning with Experience Replay) for `num_steps` environment steps.

    `env` is a gymnasium env whose observations are frame stacks phi (C, H, W) uint8 with H == W,
    and whose actions are Discrete. Returns the undiscounted return of every finished episode.

        for t = 0 .. num_steps - 1:
            a_t = random action with probability epsilon_at(t), else argmax_a Q(phi_t, a)
            execute a_t, observe r_t and phi_{t+1}; store (phi_t, a_t, r_t, phi_{t+1}) in D
            every `train_every` steps after `learning_starts`: sample a minibatch from D and take
                one gradient step (Adam) on dqn_loss
            every `target_update_every` steps: Q_old <- Q_new
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)  # epsilon-greedy's own random numbers

    obs, _ = env.reset(seed=seed)
    obs_shape = tuple(obs.shape)
    in_channels, height, width = obs_shape
    if height != width:
        raise ValueError(f"train_dqn: frames must be square, got {height}x{width}")
    num_actions = int(env.action_space.n)

    q_net = QNetwork(in_channels, num_actions, frame_size=height)
    target_net = QNetwork(in_channels, num_actions, frame_size=height)
    update_target(q_net, target_net)
    target_net.requires_grad_(False)
    optimizer = torch.optim.Adam(q_net.parameters(), lr=lr)
    replay = ReplayBuffer(buffer_capacity, obs_shape, seed)

    bar = _progress_bar(num_steps, progress)
    episode_returns, episode_return = [], 0.0
    for step in range(num_steps):
        # Epsilon-greedy action selection.
        epsilon = epsilon_at(step, epsilon_start, epsilon_end, epsilon_decay_steps)
        if rng.random() < epsilon:
            action = int(rng.integers(num_actions))
        else:
            with torch.no_grad():
                action = int(q_net(torch.from_numpy(np.asarray(obs))[None]).argmax(dim=1).item())

        # Execute a_t, observe r_t and phi_{t+1}; store the transition in D.
        next_obs, reward, terminated, truncated, _ = env.step(action)
        replay.add(obs, action, reward, next_obs, terminated)
        episode_return += float(reward)
        if terminated or truncated:
            episode_returns.append(episode_return)
            episode_return = 0.0
            obs, _ = env.reset()
        else:
            obs = next_obs

        # Q update: one gradient step on a random minibatch from D.
        if step >= learning_starts and step % train_every == 0:
            loss = dqn_loss(q_net, target_net, replay.sample(batch_size), gamma)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

        # Q_old <- Q_new at regular intervals.
        if step % target_update_every == 0:
            update_target(q_net, target_net)

        if bar is not None:
            bar.update(1)
            if episode_returns and step % 100 == 0:
                bar.set_postfix(eps=f"{epsilon:.2f}", ret=f"{np.mean(episode_returns[-20:]):.2f}")
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
