"""Part 5: policy gradient, REINFORCE.

The lecture's estimator, from N trajectories tau_i = (s_1, a_1, ..., s_T, a_T)_i sampled by acting
with pi_theta:

    grad J(theta) ~ (1/N) sum_i [ sum_t grad log pi_theta(a_t^i | s_t^i) ] [ sum_t r(s_t^i, a_t^i) ]
    theta <- theta + alpha grad J(theta)

Torch optimizers minimise, so you will write a surrogate loss whose gradient is minus the estimator.
Observations are vectors (CartPole: shape (4,), float) or frame stacks (C, H, W) uint8 with values
0..255 (the Atari-lite games wrapped in `envs.atari_lite.FrameStack`).
Run `make test` (or `python -m pytest tests/public`) to check your work; see README.md for how
each function is graded.
"""

from __future__ import annotations

import sys

import numpy as np  # noqa: F401  (you will need it)
import torch  # noqa: F401  (you will need it)
import torch.nn as nn


class PolicyNetwork(nn.Module):
    """pi_theta(a | s): a network from an observation to one logit per action.

    For obs_shape (D,): an MLP, Linear(D, hidden) -> Tanh (or ReLU) -> Linear(hidden, A).
    For obs_shape (C, H, W): frames in 0..255, scaled to [0, 1], through the lecture's
    convolutions (16 8x8 conv, stride 4 -> ReLU -> 32 4x4 conv, stride 2 -> ReLU), flattened,
    then Linear(., hidden) -> ReLU -> Linear(hidden, A).
    Raise ValueError for any other obs_shape, or frames too small for the convolutions.

    Args:
        obs_shape: tuple, (D,) or (C, H, W).
        num_actions: int, A.
        hidden: int, the width of the hidden layer.

    Example: PolicyNetwork((4,), 2)(torch.zeros(5, 4)).shape == (5, 2)
    """

    def __init__(self, obs_shape, num_actions, hidden=64):
        super().__init__()
        # TODO: build the layers for the two kinds of observation.
        raise NotImplementedError("PolicyNetwork: not implemented yet")

    def forward(self, obs):
        """The logits of pi_theta(. | s).

        Args:
            obs: tensor (B, D) float, or (B, C, H, W) uint8 or float in 0..255.

        Returns:
            tensor (B, A), float32: logits, pi_theta(a | s) = softmax(logits)_a.
        """
        # TODO
        raise NotImplementedError("PolicyNetwork.forward: not implemented yet")

    def distribution(self, obs):
        """pi_theta(. | s) as a torch.distributions.Categorical with batch shape (B,).

        Use it to sample actions (.sample()) and to get log pi_theta(a | s) (.log_prob(a)).
        """
        # TODO
        raise NotImplementedError("PolicyNetwork.distribution: not implemented yet")


def reinforce_loss(log_probs, rewards):
    """Surrogate loss whose gradient is minus the lecture's policy-gradient estimator.

        loss = -(1/N) sum_i [ sum_t log pi_theta(a_t^i | s_t^i) ] [ sum_t r_t^i ]

    so that -grad loss = (1/N) sum_i [ sum_t grad log pi_theta(a_t^i | s_t^i) ] [ sum_t r_t^i ].
    Average over the N trajectories and sum over the time steps of each one. (Spinning Up and
    some libraries divide by the total number of time steps instead: that is NOT this estimator.)

    Args:
        log_probs: list of N tensors, the i-th of shape (T_i,): log pi_theta(a_t | s_t) of the
            actions taken in trajectory i. They carry the gradient: do not detach them.
        rewards: list of N sequences of floats, the i-th of length T_i: the rewards r_t of
            trajectory i (plain numbers, no gradient).

    Returns:
        0-dim tensor.

    Example (N = 2, a uniform policy over 2 actions, so every log-probability is log 0.5):
        log_probs = [[log 0.5, log 0.5], [log 0.5]], rewards = [[1, 2], [-1]]
        loss = -(1/2) [ (2 log 0.5) * 3 + (log 0.5) * (-1) ] = 2.5 log 2 = 1.733
    """
    # TODO: for each trajectory, (sum of its log-probabilities) * (sum of its rewards); average.
    raise NotImplementedError("reinforce_loss: not implemented yet")


def reward_to_go(rewards, gamma=1.0):
    """The reward-to-go of every step of one trajectory (the lecture's fix for credit assignment):

        G_t = sum_{t' >= t} gamma^(t' - t) r_t'          (equivalently G_t = r_t + gamma G_{t+1})

    Args:
        rewards: sequence of T floats, r_0 .. r_{T-1}. Do not modify it.
        gamma: float in [0, 1].

    Returns:
        np.ndarray, shape (T,), float64.

    Example: reward_to_go([1, 2, 3]) == [6, 5, 3]; reward_to_go([1, 2, 3], 0.5) == [2.75, 3.5, 3]
    """
    # TODO
    raise NotImplementedError("reward_to_go: not implemented yet")


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
    """REINFORCE: sample N trajectories with pi_theta, take one gradient step, repeat.

    `env` is a gymnasium env with a Discrete(A) action space; observations are vectors (D,) or
    frame stacks (C, H, W).

        pi_theta = PolicyNetwork(observation shape, A) (one network: the grader watches
            every update); one Adam optimizer with learning rate lr for the whole run
        for each of the num_iterations iterations:
            sample N = episodes_per_iteration trajectories by acting with pi_theta until each
                episode ends (terminated or truncated), recording s_t, a_t, r_t
            compute log pi_theta(a_t^i | s_t^i) of every action taken (with gradient)
            take one optimizer step on the surrogate loss:
                default:                 reinforce_loss (each log-probability weighted by the
                                         whole return sum_t gamma^t r_t of its trajectory)
                use_reward_to_go=True:   weight each log pi(a_t | s_t) by G_t = reward_to_go(...)[t]
                baseline=True:           subtract from the weights their average over the batch
                                         (a number that does not depend on the action taken)

    Seeding: torch.manual_seed(seed) before building the network, env.reset(seed=seed) for the
    first episode (later resets without a seed). Show a progress bar only if `_progress_bar`
    (given) returns one.

    Returns:
        list of floats: the undiscounted return (sum of rewards) of every episode, in the order
        they were played (num_iterations * episodes_per_iteration of them).
    """
    # TODO
    raise NotImplementedError("train_reinforce: not implemented yet")


def _progress_bar(total, progress):
    """Given: a tqdm bar when asked for (or, by default, on a terminal) and tqdm is installed.

    Returns None otherwise (the grader's case): then draw nothing. Use bar.update(1) per iteration.
    """
    if progress is False or (progress is None and not sys.stderr.isatty()):
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, leave=False)
