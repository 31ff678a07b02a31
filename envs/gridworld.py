"""The lecture's 10x10 gridworld: Karpathy's REINFORCEjs dynamic-programming demo (gridworld_dp).

## Description
A 10x10 grid of cells. The state is the cell, numbered column by column as in REINFORCEjs:
`s = x * 10 + y`, where x is the column (0 = left) and y the row (0 = top, growing downwards, as
the demo draws it). Some cells are walls. Every move is deterministic. The cell (x=5, y=5), state
55, is worth +1 and sends the agent back to the start whatever it does; nine cells cost -1.

    x:  0 1 2 3 4 5 6 7 8 9        # = wall, + = +1 goal (55), - = -1 cell, S = start (0)
 y=0    S . . . . . . . . .
 y=1    . . . . . . . . . .
 y=2    . # # # # . # # # .
 y=3    . . . - # . . . . .
 y=4    . . . . # - - . . .
 y=5    . . . . # + - . - .
 y=6    . . . . # . . . - .
 y=7    . . . - # - - . . .
 y=8    . . . . . . . . . .
 y=9    . . . . . . . . . .

`gridworld_layout()` gives the same picture as arrays indexed [y, x] (ready for `imshow`), and
`to_grid(V)` lays out any per-state vector the same way.

## Action space
Discrete(4), as numbered in REINFORCEjs: 0 = left (x - 1), 1 = up (y - 1), 2 = down (y + 1),
3 = right (x + 1).

A move into a wall, or off the grid, leaves the agent where it is. REINFORCEjs does not offer
off-grid moves at all (its `allowedActions` drops them); here every state has the same four actions
so that the MDP fits in one (S, A, S) array. This changes neither V* nor the greedy policy. An
off-grid move just stays put, which from a border cell is worth R(s) + gamma V*(s) = gamma V*(s),
less than V*(s): every border cell has reward 0 and V*(s) > 0 (a path that avoids the -1 cells
leads from it to the +1, which can be collected again and again). So REINFORCEjs's V* still solves
our Bellman optimality equation, and that solution is unique for gamma < 1.
`tests/envs/test_gridworld.py` checks this numerically.

## Observation space
Discrete(100): the state s = x * 10 + y. The 12 wall cells are states too (REINFORCEjs keeps them
in its arrays), but no move enters them; each is absorbing with reward 0, so its value stays 0
(the demo leaves them blank).

## Rewards
The reward is the reward of the cell being left, whatever the action and the next cell:
R(s, a, s2) = CELL_REWARDS.get(s, 0), as in REINFORCEjs's `reward(s, a, ns) = Rarr[s]`. The lecture
calls it "reward for being in a cell". So +1 is paid on the step that leaves cell 55 (towards the
start), and V*(55) = 1 + gamma V*(0). The -0.01 cost per step of REINFORCEjs's `sampleNextState`
(used by its TD demo) is not part of the DP demo's model, hence not here.

V*(55) = 1.20 and V*(33) = -0.78, as in the lecture. The lecture's table of values is the demo's
screen after about 53 sweeps of value iteration, a little short of V*: every number there is within
0.01 of V*, and 53 sweeps from V = 0 reproduce it to the last digit (a few cells excepted whose
numbers in the lecture text are transcription slips; see `tests/envs/test_gridworld.py`).

## Starting state
`START` = 0, the top-left cell (x=0, y=0). The MDP itself has no start distribution; pass
`start_distribution=START` to `envs.tabular_env.TabularEnv` to sample episodes.

## Episode end
Never: there is no terminal state. Reaching the +1 cell teleports the agent to the start and the
task goes on, discounted by gamma. (The wall states are absorbing, so `mdp.absorbing_states()`
lists them, but they are unreachable.)

## Arguments
`gamma`: discount factor in [0, 1), 0.9 as in the demo. It must be below 1: the +1 can be collected
forever, so undiscounted values are infinite.

## Version history
v0: first version, REINFORCEjs's gridworld_dp.html (the layout hard-coded in its `Gridworld.reset`).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from envs.tabular import TabularMDP

GRID_SIZE = 10
NUM_STATES = GRID_SIZE * GRID_SIZE
LEFT, UP, DOWN, RIGHT = 0, 1, 2, 3
ACTION_NAMES = ("left", "up", "down", "right")
# (dx, dy) of each action, in action order.
ACTION_MOVES = ((-1, 0), (0, -1), (0, 1), (1, 0))

START = 0
GOAL = 55


def state_of(x: int, y: int) -> int:
    """The state index of column x, row y (REINFORCEjs's `xytos`)."""
    return x * GRID_SIZE + y


def xy_of(s: int) -> tuple[int, int]:
    """The (x, y) = (column, row) of state s (REINFORCEjs's `stox`, `stoy`)."""
    return s // GRID_SIZE, s % GRID_SIZE


# Row y=2 for x = 1..8 except the gap at x=5, and column x=4 for y = 2..7.
WALLS = tuple(
    sorted({state_of(x, 2) for x in range(1, 9) if x != 5} | {state_of(4, y) for y in range(2, 8)})
)

# Rewards of the non-zero cells (every other cell, walls included, has reward 0).
CELL_REWARDS = MappingProxyType(
    {
        GOAL: 1.0,
        33: -1.0,
        37: -1.0,
        54: -1.0,
        57: -1.0,
        64: -1.0,
        65: -1.0,
        67: -1.0,
        85: -1.0,
        86: -1.0,
    }
)


def cell_rewards() -> np.ndarray:
    """The reward of each state, shape (100,): R(s, a, s2) = cell_rewards()[s]."""
    rewards = np.zeros(NUM_STATES)
    for s, r in CELL_REWARDS.items():
        rewards[s] = r
    return rewards


def to_grid(values, wall_value: float = np.nan) -> np.ndarray:
    """Lay out a per-state vector (100,) as the picture, shape (10, 10) indexed [y, x].

    Walls get `wall_value` (NaN by default, so that a plot leaves them blank like the demo).
    """
    values = np.asarray(values, dtype=np.float64)
    if values.shape != (NUM_STATES,):
        raise ValueError(f"expected one value per state, shape ({NUM_STATES},); got {values.shape}")
    grid = values.reshape(GRID_SIZE, GRID_SIZE).T.copy()  # [x, y] -> [y, x]
    for s in WALLS:
        x, y = xy_of(s)
        grid[y, x] = wall_value
    return grid


@dataclass(frozen=True)
class GridworldLayout:
    """What a plot of the gridworld needs; arrays are indexed [y, x] (row, column)."""

    rewards: np.ndarray  # (10, 10) float, reward of each cell
    walls: np.ndarray  # (10, 10) bool
    start: tuple[int, int]  # (x, y)
    goal: tuple[int, int]  # (x, y)
    action_names: tuple[str, ...]
    action_moves: tuple[tuple[int, int], ...]  # (dx, dy) per action


def gridworld_layout() -> GridworldLayout:
    """The gridworld as arrays for plotting: `plt.imshow(layout.rewards)` draws the demo's grid."""
    walls = np.zeros((GRID_SIZE, GRID_SIZE), dtype=bool)
    for s in WALLS:
        x, y = xy_of(s)
        walls[y, x] = True
    return GridworldLayout(
        rewards=to_grid(cell_rewards(), wall_value=0.0),
        walls=walls,
        start=xy_of(START),
        goal=xy_of(GOAL),
        action_names=ACTION_NAMES,
        action_moves=ACTION_MOVES,
    )


def next_state(s: int, a: int) -> int:
    """The deterministic successor of state s under action a (REINFORCEjs's
    `nextStateDistribution`, with off-grid moves staying in place)."""
    if s in WALLS:
        return s
    if s == GOAL:
        return START
    x, y = xy_of(s)
    dx, dy = ACTION_MOVES[a]
    nx, ny = x + dx, y + dy
    if not (0 <= nx < GRID_SIZE and 0 <= ny < GRID_SIZE):
        return s
    s2 = state_of(nx, ny)
    return s if s2 in WALLS else s2


def gridworld(gamma: float = 0.9) -> TabularMDP:
    """The lecture's 10x10 gridworld (REINFORCEjs gridworld_dp) as a TabularMDP."""
    gamma = float(gamma)
    if not 0.0 <= gamma < 1.0:
        raise ValueError(
            f"gamma must lie in [0, 1) for the gridworld (the +1 can be collected forever, so "
            f"undiscounted values are infinite); got {gamma}"
        )
    num_actions = len(ACTION_NAMES)
    P = np.zeros((NUM_STATES, num_actions, NUM_STATES))
    R = np.zeros((NUM_STATES, num_actions, NUM_STATES))
    rewards = cell_rewards()
    for s in range(NUM_STATES):
        for a in range(num_actions):
            P[s, a, next_state(s, a)] = 1.0
            R[s, a, :] = rewards[s]  # the reward of the cell being left
    names = tuple(f"({x},{y})" for x, y in map(xy_of, range(NUM_STATES)))
    return TabularMDP(P, R, gamma, state_names=names, action_names=ACTION_NAMES)
