"""Random finite MDPs, reproducible from a seed: test cases for the tabular algorithms.

## Description
An MDP with `num_states` states and `num_actions` actions whose transition probabilities and rewards
are drawn at random. The same arguments give the same arrays, on every run and every platform: all
randomness comes from one `np.random.default_rng(seed)` (no global random state), drawn in a fixed
order, using only uniform doubles (`rng.random`), which numpy generates bit for bit the same
everywhere.

Generation scheme (changing it changes every MDP; `tests/envs/test_random_mdp.py` pins it):
with n = num_states - num_absorbing non-absorbing states (states 0 .. n-1) and k successors per
(s, a) (k = num_states when `branching` is None),
1. sparse only: keys = rng.random((n, A, S)); the successors of (s, a) are the k states with the
   smallest keys, in increasing key order (a uniformly random k-subset). Dense: all states, in
   order.
2. weights = 1 - rng.random((n, A, k)), in (0, 1]; p(successor | s, a) = weight / sum of weights.
3. rewards = reward_scale * (2 rng.random((n, A, k)) - 1), uniform in
   [-reward_scale, reward_scale); R[s, a, successor] = reward. R is 0 on transitions that have
   probability 0.

## Action space
Discrete(num_actions), no meaning attached to the actions.

## Observation space
Discrete(num_states). The last `num_absorbing` states (num_states - num_absorbing .. num_states - 1)
are absorbing: every action stays there with reward 0.

## Rewards
R[s, a, s2] uniform in [-reward_scale, reward_scale) on each possible transition, 0 in absorbing
states.

## Starting state
The MDP has none; `envs.tabular_env.TabularEnv` starts in state 0 unless told otherwise.

## Episode end
On reaching an absorbing state, if there are any (`num_absorbing` > 0); otherwise never.

## Arguments
`num_states`, `num_actions`: sizes, at least 1.
`seed`: an int >= 0, required: the MDP is a function of it.
`gamma`: discount factor in [0, 1].
`branching`: None for dense transitions (every state is a possible successor), or k in
[1, num_states]: each (s, a) of a non-absorbing state has exactly k possible successors.
`num_absorbing`: how many absorbing states, in [0, num_states].
`reward_scale`: rewards lie in [-reward_scale, reward_scale); >= 0.

## Version history
v0: first version.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from envs.tabular import TabularMDP


def _count(name: str, value, minimum: int, maximum: int | None = None) -> int:
    """`value` as an int in [minimum, maximum], or a ValueError that says what was expected."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an int; got {value!r} of type {type(value).__name__}")
    value = int(value)
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
        raise ValueError(f"{name} must be {bounds}; got {value}")
    return value


def random_mdp(
    num_states: int,
    num_actions: int,
    seed: int,
    gamma: float = 0.9,
    *,
    branching: int | None = None,
    num_absorbing: int = 0,
    reward_scale: float = 1.0,
) -> TabularMDP:
    """A random MDP drawn from `np.random.default_rng(seed)` (scheme: the module docstring)."""
    S = _count("num_states", num_states, 1)
    A = _count("num_actions", num_actions, 1)
    if seed is None:
        raise ValueError("seed is required (an int >= 0): the MDP must be reproducible from it")
    seed = _count("seed", seed, 0)
    num_absorbing = _count("num_absorbing", num_absorbing, 0, S)
    k = S if branching is None else _count("branching", branching, 1, S)
    if isinstance(reward_scale, bool) or not isinstance(reward_scale, numbers.Real):
        raise ValueError(f"reward_scale must be a number; got {reward_scale!r}")
    reward_scale = float(reward_scale)
    if not math.isfinite(reward_scale) or reward_scale < 0:
        raise ValueError(f"reward_scale must be finite and >= 0; got {reward_scale}")
    if isinstance(gamma, bool) or not isinstance(gamma, numbers.Real) or not 0 <= gamma <= 1:
        raise ValueError(f"gamma must be a number in [0, 1]; got {gamma!r}")

    rng = np.random.default_rng(seed)
    n = S - num_absorbing
    if branching is None:
        successors = np.broadcast_to(np.arange(S), (n, A, S))
    else:
        keys = rng.random((n, A, S))
        successors = np.argsort(keys, axis=2, kind="stable")[:, :, :k]
    weights = 1.0 - rng.random((n, A, k))
    probabilities = weights / weights.sum(axis=2, keepdims=True)
    rewards = reward_scale * (2.0 * rng.random((n, A, k)) - 1.0)

    P = np.zeros((S, A, S))
    R = np.zeros((S, A, S))
    np.put_along_axis(P[:n], successors, probabilities, axis=2)
    np.put_along_axis(R[:n], successors, rewards, axis=2)
    absorbing = np.arange(n, S)
    P[absorbing, :, absorbing] = 1.0
    return TabularMDP(P, R, gamma, terminal_states=absorbing)
