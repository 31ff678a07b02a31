"""Part 4: deep Q-learning with experience replay and a frozen target network.

The lecture's pieces, in the order of its slides:

    Q-network     phi (C, H, W) -> 16 8x8 conv, stride 4 -> 32 4x4 conv, stride 2
                  -> FC-256 -> FC-|A| (one Q-value per action), ReLU in between
    loss          ( Q_new(s, a) - (r + gamma max_a' Q_old(s', a')) )^2, averaged over a minibatch
    stability     freeze Q_old; set Q_old <- Q_new at regular intervals
    exploration   epsilon-greedy: argmax_a Q(s, a) with probability 1 - epsilon, else random
    replay        store (phi_t, a_t, r_t, phi_{t+1}) in D, train on random minibatches from D

Observations are frame stacks phi: uint8 arrays (C, H, W) with values 0..255 (the Atari-lite games
wrapped in `envs.atari_lite.FrameStack`). Tensors are torch float32 unless said otherwise.
Run `make test` (or `python -m pytest tests/public`) to check your work; see README.md for how
each function is graded.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

import numpy as np  # noqa: F401  (you will need it)
import torch
import torch.nn as nn  # noqa: F401  (you will need it)
import torch.nn.functional as F  # noqa: F401  (you will need it)


class QNetwork(nn.Module):
    """The lecture's deep Q-network: a stack of frames in, one Q-value per action out.

        x (B, C, H, W), 0..255  --/255-->  16 8x8 conv, stride 4  --ReLU-->  32 4x4 conv, stride 2
        --ReLU--> flatten --> FC-256 --ReLU--> FC-num_actions  =  Q(s, .)   (B, num_actions)

    The convolutions have no padding: a side of n pixels becomes floor((n - kernel) / stride) + 1.
    Frames are square, `frame_size` pixels a side.

    Args:
        in_channels: int, C, the number of stacked frames.
        num_actions: int, |A|.
        frame_size: int, the side H = W of a frame.

    Requirements:
        - Register the parameters in this order: conv1 (weight, bias), conv2 (weight, bias),
          FC-256 (weight, bias), FC-num_actions (weight, bias). The grader loads weights by that
          order and by shape.
        - Compute the input size of FC-256 from frame_size.
        - If frame_size is smaller than the smallest frame that still leaves a 1x1 map after both
          convolutions, raise ValueError with a message that says that smallest size.

    Example: on 84x84 frames the maps are 16x20x20, then 32x9x9, so FC-256 sees 2592 inputs;
    QNetwork(4, 4, frame_size=84)(torch.zeros(2, 4, 84, 84, dtype=torch.uint8)).shape == (2, 4).
    """

    def __init__(self, in_channels, num_actions, frame_size=84):
        super().__init__()
        # TODO: check frame_size, then create the four layers in the order above.
        raise NotImplementedError("QNetwork: not implemented yet")

    def forward(self, x):
        """Q(s, .) for a batch of frame stacks.

        Args:
            x: tensor (B, C, H, W), uint8 or float, pixel values in 0..255.

        Returns:
            tensor (B, num_actions), float32.
        """
        # TODO: scale the pixels to [0, 1], then apply the layers with ReLU in between.
        raise NotImplementedError("QNetwork.forward: not implemented yet")


class Batch(NamedTuple):
    """A minibatch of B transitions (phi_j, a_j, r_j, phi_{j+1}, terminated_j) as torch tensors.

    (Given: `ReplayBuffer.sample` returns one, `dqn_loss` reads one.)
    """

    obs: torch.Tensor  # (B, C, H, W) uint8
    actions: torch.Tensor  # (B,) int64
    rewards: torch.Tensor  # (B,) float32
    next_obs: torch.Tensor  # (B, C, H, W) uint8
    terminated: torch.Tensor  # (B,) float32, 1.0 where phi_{j+1} is terminal


class ReplayBuffer:
    """The replay memory D of capacity N: it keeps the last N transitions.

    Allocate the arrays once, in __init__: obs and next_obs (N, *obs_shape) uint8,
    actions (N,) int64, rewards (N,) float32, terminated (N,) float32. When D is full, the next
    transition overwrites the oldest one.

    Args:
        capacity: int >= 1, N.
        obs_shape: tuple, the shape of one observation, e.g. (4, 20, 20).
        seed: int, the seed of the buffer's own generator np.random.default_rng(seed), the only
            source of randomness of `sample`.

    Example (capacity 3):
        add 5 transitions t0, t1, t2, t3, t4   ->  D holds t2, t3, t4 and len(D) == 3
    """

    def __init__(self, capacity, obs_shape, seed):
        # TODO: preallocate the five arrays, create the generator, start empty.
        raise NotImplementedError("ReplayBuffer: not implemented yet")

    def __len__(self):
        """The number of transitions stored (at most capacity)."""
        # TODO
        raise NotImplementedError("ReplayBuffer.__len__: not implemented yet")

    def add(self, obs, action, reward, next_obs, terminated):
        """Store the transition (phi_t, a_t, r_t, phi_{t+1}, terminated) in D.

        Args:
            obs, next_obs: np.ndarray, obs_shape, uint8.
            action: int.  reward: float.
            terminated: bool, True only when phi_{t+1} ends the episode for real (a time-limit
                truncation is stored as False).
        """
        # TODO: copy into the next slot, overwriting the oldest transition when D is full.
        raise NotImplementedError("ReplayBuffer.add: not implemented yet")

    def sample(self, batch_size):
        """A random minibatch of `batch_size` transitions from D.

        Draw the indices with `rng.integers(0, len(self), size=batch_size)` from the buffer's own
        generator (uniform over the stored transitions, with replacement).

        Returns:
            Batch of tensors: obs (B, C, H, W) uint8, actions (B,) int64, rewards (B,) float32,
            next_obs (B, C, H, W) uint8, terminated (B,) float32.

        Raises:
            ValueError: when D is empty.
        """
        # TODO
        raise NotImplementedError("ReplayBuffer.sample: not implemented yet")


def dqn_loss(q_net, target_net, batch, gamma):
    """The lecture's MSE loss on a minibatch, with the frozen network Q_old as the target.

        y_j  = r_j + gamma (1 - terminated_j) max_a' Q_old(phi_{j+1}, a')     (no gradient)
        loss = (1/B) sum_j ( y_j - Q_new(phi_j, a_j) )^2

    Q_new is `q_net`, Q_old is `target_net`. Only a true termination stops bootstrapping; a
    time-limit truncation is stored as terminated = 0 and keeps its bootstrap term.

    Args:
        q_net, target_net: modules mapping (B, C, H, W) -> (B, A).
        batch: Batch (see above).
        gamma: float in [0, 1].

    Returns:
        0-dim float32 tensor; its gradient reaches q_net's parameters and never target_net's.

    Example (B = 2, gamma = 0.5):
        Q_new(phi_j, .) = [[0, 0, 3], [4, 0, 0]],  actions = [2, 0]   ->  Q_new(phi_j, a_j) = [3, 4]
        max_a' Q_old(phi_{j+1}, a') = [6, 10], rewards = [1, -1], terminated = [0, 1]
        y = [1 + 0.5 * 6, -1] = [4, -1];  loss = ((4 - 3)^2 + (-1 - 4)^2) / 2 = 13
    """
    # TODO: Q_new of the actions taken; the target y without gradient; the mean squared error.
    raise NotImplementedError("dqn_loss: not implemented yet")


def update_target(q_net, target_net):
    """Q_old <- Q_new: copy q_net's weights into target_net.

    Afterwards the two networks compute the same function, but they must not share tensors:
    a later gradient step on q_net leaves target_net unchanged.
    """
    # TODO
    raise NotImplementedError("update_target: not implemented yet")


def epsilon_at(step, start=1.0, end=0.05, decay_steps=10_000):
    """The exploration rate epsilon at a step: linear from `start` to `end`, then constant.

        epsilon(step) = start + (end - start) * min(step / decay_steps, 1)

    Returns:
        float.

    Example: epsilon_at(0) == 1.0, epsilon_at(5_000) == 0.525, epsilon_at(10_000) == 0.05,
    epsilon_at(20_000) == 0.05.
    """
    # TODO
    raise NotImplementedError("epsilon_at: not implemented yet")


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
    """Algorithm 1 of the lecture (Deep Q-learning with Experience Replay) for num_steps steps.

    `env` is a gymnasium env whose observations are frame stacks phi (C, H, W) uint8 with H == W
    and whose action space is Discrete(A).

        Initialize replay memory D to capacity N (buffer_capacity), Q_new with random weights,
            Q_old <- Q_new, and an optimizer (Adam or RMSprop, learning rate lr) for Q_new
        phi_0 = env.reset(seed=seed)
        for t = 0, 1, ..., num_steps - 1:
            with probability epsilon_at(t, epsilon_start, epsilon_end, epsilon_decay_steps)
                select a random action a_t, otherwise a_t = argmax_a Q_new(phi_t, a)
            execute a_t, observe r_t, phi_{t+1}, terminated, truncated
            store (phi_t, a_t, r_t, phi_{t+1}, terminated) in D with ReplayBuffer.add (a time-limit
                truncation is not a termination; the grader watches these calls)
            if the episode ended (terminated or truncated): record its return, reset the env
            if t >= learning_starts and t % train_every == 0:
                sample a minibatch of batch_size transitions from D and take one gradient step on
                dqn_loss(Q_new, Q_old, minibatch, gamma)
            if t % target_update_every == 0: Q_old <- Q_new

    Seeding: torch.manual_seed(seed), a generator np.random.default_rng(seed) for epsilon-greedy,
    env.reset(seed=seed) for the first episode (later resets without a seed), and the replay
    buffer seeded with seed. Show a progress bar only if `_progress_bar` (given) returns one.

    Returns:
        list of floats: the undiscounted return (sum of rewards) of every finished episode,
        in order.
    """
    # TODO: Algorithm 1, with the functions above.
    raise NotImplementedError("train_dqn: not implemented yet")


def _progress_bar(total, progress):
    """Given: a tqdm bar when asked for (or, by default, on a terminal) and tqdm is installed.

    Returns None otherwise (the grader's case): then draw nothing. Use bar.update(1) per step.
    """
    if progress is False or (progress is None and not sys.stderr.isatty()):
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, leave=False)
