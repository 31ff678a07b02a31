"""Gymnasium's toy-text MDPs (FrozenLake, CliffWalking, Taxi) as TabularMDPs.

## Description
Each toy-text environment carries its own model: `env.unwrapped.P[s][a]` is a list of
`(probability, next_state, reward, terminated)`. `from_toy_text` turns that table into the arrays of
a `TabularMDP`, so that value iteration runs on exactly the dynamics that `env.step` samples.

Gymnasium ends an episode with a flag; a TabularMDP ends it in an absorbing state. So the adapter
adds one state, `n` (the env has states 0 .. n-1): every transition flagged `terminated` goes there
instead of to its `next_state`, and it keeps its reward; state n is absorbing with reward 0. Then
V*(s) of the MDP is the env's expected discounted return, and V*(n) = 0 plays the lecture's "the
value after the end is 0".

Two transitions of one (s, a) that reach the same state (in the MDP) are merged: their probabilities
add up and R[s, a, s2] is their probability-weighted mean reward. Expected rewards r(s, a), hence
all values and greedy policies, are exact. A sampled reward differs from the env's only when one
(s, a) reach the same state with different rewards. In gymnasium 1.4 that happens in two places:
slippery FrozenLake 8x8 next to both the goal and a hole (states 55 and 62, two actions each), where
the MDP pays 0.5 on termination and the env 1 (goal) or 0 (hole); and slippery CliffWalking at the
start (states 36 and 37, three actions each), where a slip back to the start pays -1 and a fall off
the cliff -100 (and also lands on the start), so the MDP pays their mean, -50.5.

## Action space
The env's, unchanged: FrozenLake 0 left, 1 down, 2 right, 3 up; CliffWalking 0 up, 1 right,
2 down, 3 left; Taxi 0 south, 1 north, 2 east, 3 west, 4 pickup, 5 dropoff.

## Observation space
The env's states 0 .. n-1, unchanged, plus the absorbing state n: S = n + 1 (FrozenLake 4x4: 17,
8x8: 65; CliffWalking: 49; Taxi: 501). The env's own terminal cells (FrozenLake's holes and goal)
remain states, never entered, that lead to n.

## Rewards
The env's: FrozenLake 1 on reaching the goal; CliffWalking -1 per step, -100 for falling off the
cliff (and back to the start, not an episode end); Taxi -1 per step, +20 for a right dropoff, -10
for an illegal pickup or dropoff.

## Starting state
The MDP has none. `toy_text_start_distribution(env)` gives the env's initial distribution over the
n + 1 states, for `TabularEnv(mdp, start_distribution=...)`: FrozenLake starts in 0, CliffWalking in
36 (`CLIFF_WALKING_START`), Taxi uniformly among its legal starts.

## Episode end
On entering the absorbing state n, i.e. when the env would say `terminated`. Gymnasium's time
limits (`TimeLimit` truncation) are not part of the MDP.

## Arguments
`gamma`: discount factor, 0.99 by default for all three (CliffWalking and Taxi are often solved
undiscounted; gamma = 1 also works there, as every policy that never finishes loses -1 per step).
`frozen_lake`: `map_name` "4x4" or "8x8", `is_slippery`; `cliff_walking`: `is_slippery`; `taxi`:
`is_rainy`. Other keyword arguments go to the gymnasium env's constructor (e.g. FrozenLake's
`success_rate`). Taxi's `fickle_passenger` is refused: it changes the destination outside the P
table, so the table is not the env's model.

## Version history
v0: first version, against gymnasium 1.4 (FrozenLake-v1, CliffWalking-v1, Taxi-v4).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from gymnasium.envs.toy_text import CliffWalkingEnv, FrozenLakeEnv, TaxiEnv

from envs.tabular import TabularMDP

FROZEN_LAKE_ACTIONS = ("left", "down", "right", "up")
CLIFF_WALKING_ACTIONS = ("up", "right", "down", "left")
TAXI_ACTIONS = ("south", "north", "east", "west", "pickup", "dropoff")
CLIFF_WALKING_START = 36


def _model_table(env):
    """The env's `unwrapped.P` table and its sizes, or a ValueError saying why it is not usable."""
    base = env.unwrapped
    table = getattr(base, "P", None)
    if not isinstance(table, dict):
        raise ValueError(
            f"{type(base).__name__} has no transition table `P` (a dict P[s][a] = [(probability, "
            "next_state, reward, terminated), ...]); only gymnasium's toy-text MDPs carry one"
        )
    if getattr(base, "fickle_passenger", False):
        raise ValueError(
            "Taxi with fickle_passenger=True changes the destination in step(), outside its P "
            "table; the table is not its model, so it cannot be turned into a TabularMDP"
        )
    return base, table, int(base.observation_space.n), int(base.action_space.n)


def from_toy_text(env, gamma: float, *, action_names=None) -> TabularMDP:
    """The TabularMDP of a toy-text env, with one extra absorbing state n for terminations.

    P[s, a, s2] = sum of the probabilities of the env's outcomes of (s, a) that lead to s2, where a
    terminated outcome leads to n; R[s, a, s2] = their probability-weighted mean reward.
    """
    _, table, n, num_actions = _model_table(env)
    absorbing = n
    P = np.zeros((n + 1, num_actions, n + 1))
    R = np.zeros((n + 1, num_actions, n + 1))
    for s in range(n):
        for a in range(num_actions):
            outcomes = defaultdict(list)  # target state -> [(probability, reward), ...]
            for probability, next_state, reward, terminated in table[s][a]:
                target = absorbing if terminated else int(next_state)
                outcomes[target].append((float(probability), float(reward)))
            for target, pairs in outcomes.items():
                probabilities = np.array([p for p, _ in pairs])
                rewards = np.array([r for _, r in pairs])
                P[s, a, target] = probabilities.sum()
                if np.all(rewards == rewards[0]):
                    R[s, a, target] = rewards[0]  # exact, no rounding through the mean
                elif P[s, a, target] > 0:
                    R[s, a, target] = probabilities @ rewards / P[s, a, target]
    P[absorbing, :, absorbing] = 1.0
    return TabularMDP(P, R, gamma, action_names=action_names, terminal_states=(absorbing,))


def toy_text_start_distribution(env) -> np.ndarray:
    """The env's initial state distribution over the adapter's n + 1 states, shape (n + 1,)."""
    base, _, n, _ = _model_table(env)
    start = np.zeros(n + 1)
    start[:n] = np.asarray(base.initial_state_distrib, dtype=np.float64)
    return start


def frozen_lake(
    map_name: str = "4x4", is_slippery: bool = True, gamma: float = 0.99, **env_kwargs
) -> TabularMDP:
    """FrozenLake (4x4: 16 + 1 states, 8x8: 64 + 1) as a TabularMDP."""
    if map_name not in ("4x4", "8x8"):
        raise ValueError(f'map_name must be "4x4" or "8x8"; got {map_name!r}')
    env = FrozenLakeEnv(map_name=map_name, is_slippery=is_slippery, **env_kwargs)
    return from_toy_text(env, gamma, action_names=FROZEN_LAKE_ACTIONS)


def cliff_walking(gamma: float = 0.99, is_slippery: bool = False, **env_kwargs) -> TabularMDP:
    """CliffWalking (4 x 12 = 48 + 1 states) as a TabularMDP."""
    env = CliffWalkingEnv(is_slippery=is_slippery, **env_kwargs)
    return from_toy_text(env, gamma, action_names=CLIFF_WALKING_ACTIONS)


def taxi(gamma: float = 0.99, is_rainy: bool = False, **env_kwargs) -> TabularMDP:
    """Taxi (500 + 1 states, 6 actions) as a TabularMDP."""
    env = TaxiEnv(is_rainy=is_rainy, **env_kwargs)
    return from_toy_text(env, gamma, action_names=TAXI_ACTIONS)
