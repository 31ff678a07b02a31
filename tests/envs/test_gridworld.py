"""The gridworld against the lecture's table of values from the REINFORCEjs demo (gridworld_dp)."""

from __future__ import annotations

import numpy as np
import pytest

from envs.gridworld import (
    CELL_REWARDS,
    GOAL,
    GRID_SIZE,
    START,
    WALLS,
    gridworld,
    gridworld_layout,
    state_of,
    to_grid,
    xy_of,
)

# The lecture's "gridworld_dp" part, third table, typed in from the lecture text: the REINFORCEjs
# demo (gamma = 0.9) as its screenshot shows it. Rows are y (top to bottom), columns are x (left to
# right); None is a blank cell (a wall).
#
# Two facts about this table, both checked below:
# - It is a snapshot taken before full convergence: value iteration from V = 0 reproduces it after
#   52 to 55 sweeps (the demo does one sweep per 100 ms), not in the limit. V* itself rounds to
#   0.31 where the table shows 0.30 (state 30, V* = 0.3051), and so on for 31 cells; every number
#   is within 0.01 of V*.
# - Four numbers contradict the table's own neighbours (likely transcription errors in the lecture
#   text): each breaks V(s) = R(s) + gamma max_neighbour V by far more than rounding.
_ = None
LECTURE_TABLE = [
    [0.22, 0.25, 0.27, 0.30, 0.34, 0.37, 0.34, 0.30, 0.34, 0.37],
    [0.25, 0.27, 0.30, 0.34, 0.37, 0.42, 0.37, 0.34, 0.37, 0.42],
    [0.20, _, _, _, _, 0.46, _, _, _, 0.46],
    [0.20, 0.22, 0.25, -0.78, _, 0.51, 0.57, 0.63, 0.57, 0.51],
    [0.22, 0.25, 0.27, 0.25, _, 0.08, -0.37, 0.71, 0.63, 0.57],
    [0.25, 0.27, 0.30, 0.27, _, 1.20, 0.08, 0.78, -0.29, 0.51],
    [0.27, 0.30, 0.34, 0.30, _, 1.00, 0.97, 0.87, -0.22, 0.57],
    [0.30, 0.34, 0.37, -0.58, _, -0.13, -0.13, 0.71, 0.71, 0.63],
    [0.34, 0.37, 0.42, 0.46, 0.51, 0.57, 0.63, 0.71, 0.63, 0.57],
    [0.30, 0.34, 0.37, 0.42, 0.46, 0.51, 0.57, 0.63, 0.57, 0.51],
]
# (x, y): what the same sweeps of value iteration show there (the lecture's number is in the table).
LECTURE_TYPOS = {
    (0, 2): 0.22,  # lecture 0.20, but its upper neighbour shows 0.25 and 0.9 * 0.25 = 0.225
    (5, 6): 1.08,  # lecture 1.00, but its upper neighbour is the +1 cell at 1.20: 0.9 * 1.20 = 1.08
    (5, 7): -0.03,  # lecture -0.13: a -1 cell below the 1.08 cell, -1 + 0.9 * 1.08 = -0.03
    (7, 7): 0.78,  # lecture 0.71, but its upper neighbour shows 0.87 and 0.9 * 0.87 = 0.78
}
LECTURE_SNAPSHOT_SWEEPS = 53  # any of 52..55 reproduces the table


def lecture_cells(include_typos=False):
    """(x, y, number) for every non-blank cell of the lecture's table."""
    for y, row in enumerate(LECTURE_TABLE):
        for x, number in enumerate(row):
            if number is not None and (include_typos or (x, y) not in LECTURE_TYPOS):
                yield x, y, number


def value_iteration(P, R, gamma, allowed=None, tol=1e-12, max_iters=10_000):
    """A tiny local Bellman loop: V <- max_a sum_s2 P (R + gamma V), over `allowed` actions only."""
    V = np.zeros(P.shape[0])
    for _ in range(max_iters):
        Q = np.einsum("ijk,ijk->ij", P, R + gamma * V[None, None, :])
        if allowed is not None:
            Q = np.where(allowed, Q, -np.inf)
        V_new = Q.max(axis=1)
        if np.max(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
    raise AssertionError(f"value iteration did not converge in {max_iters} iterations")


@pytest.fixture(scope="module")
def mdp():
    return gridworld()


@pytest.fixture(scope="module")
def v_star(mdp):
    return value_iteration(mdp.P, mdp.R, mdp.gamma)


def test_shapes_and_gamma(mdp):
    assert (mdp.num_states, mdp.num_actions) == (100, 4)
    assert mdp.gamma == 0.9, "the demo uses gamma = 0.9"


def test_value_iteration_reproduces_every_number_of_the_lecture_table(mdp):
    V = np.zeros(mdp.num_states)
    for _ in range(LECTURE_SNAPSHOT_SWEEPS):
        V = np.einsum("ijk,ijk->ij", mdp.P, mdp.R + mdp.gamma * V).max(axis=1)
    grid = to_grid(V)
    wrong = []
    for x, y, number in lecture_cells(include_typos=True):
        expected = LECTURE_TYPOS.get((x, y), number)
        if round(float(grid[y, x]), 2) != expected:
            wrong.append(
                f"(x={x}, y={y}) state {state_of(x, y)}: V_{LECTURE_SNAPSHOT_SWEEPS} = "
                f"{grid[y, x]:.4f}, the demo shows {expected:.2f}"
            )
    assert not wrong, (
        f"after {LECTURE_SNAPSHOT_SWEEPS} sweeps of value iteration from V = 0 the gridworld "
        "should show the lecture's table; it differs at:\n" + "\n".join(wrong)
    )


def test_v_star_is_within_a_hundredth_of_every_number_of_the_lecture_table(v_star):
    grid = to_grid(v_star)
    wrong = [
        f"(x={x}, y={y}) state {state_of(x, y)}: V* = {grid[y, x]:.4f}, lecture {number:.2f}"
        for x, y, number in lecture_cells()
        if abs(grid[y, x] - number) > 0.01
    ]
    assert not wrong, "V* is too far from the lecture's table at:\n" + "\n".join(wrong)
    assert round(float(grid[5, 5]), 2) == 1.20 and round(float(grid[3, 3]), 2) == -0.78


def test_the_typos_are_the_only_cells_that_contradict_their_neighbours(mdp):
    # With the four corrections the lecture's table solves V(s) = R(s) + gamma max_s2 V(s2) up to
    # rounding (0.01) everywhere; each lecture number at a typo cell misses it by more than 0.02.
    corrected = np.array([[np.nan if v is None else v for v in row] for row in LECTURE_TABLE])
    for (x, y), shown in LECTURE_TYPOS.items():
        corrected[y, x] = shown
    for x, y, number in lecture_cells(include_typos=True):
        s = state_of(x, y)
        successors = {int(np.argmax(mdp.P[s, a])) for a in range(mdp.num_actions)}
        best = max(corrected[xy_of(s2)[1], xy_of(s2)[0]] for s2 in successors)
        residual = abs(CELL_REWARDS.get(s, 0.0) + mdp.gamma * best - number)
        if (x, y) in LECTURE_TYPOS:
            assert residual > 0.02, f"(x={x}, y={y}) fits its neighbours: not a typo after all"
        else:
            assert residual <= 0.01, (
                f"(x={x}, y={y}): the lecture's {number:.2f} misses the Bellman equation by "
                f"{residual:.3f}; a typo missing from LECTURE_TYPOS, or a wrong layout"
            )


def test_walls_are_the_blank_cells_of_the_lecture_table():
    blanks = {
        state_of(x, y)
        for y, row in enumerate(LECTURE_TABLE)
        for x, v in enumerate(row)
        if v is None
    }
    assert set(WALLS) == blanks
    assert gridworld_layout().walls.sum() == len(blanks)
    for s in WALLS:
        x, y = xy_of(s)
        assert gridworld_layout().walls[y, x], f"wall {s} missing from the layout at [y={y}, x={x}]"


def test_wall_states_are_absorbing_with_zero_reward_and_value(mdp, v_star):
    for s in WALLS:
        assert np.all(mdp.P[s, :, s] == 1.0), f"wall state {s} must stay in place"
        assert np.all(mdp.R[s] == 0.0), f"wall state {s} must pay nothing"
        assert v_star[s] == 0.0
    assert set(mdp.absorbing_states()) == set(WALLS), "only the walls are absorbing"


def test_no_move_enters_a_wall(mdp):
    assert mdp.P[:, :, list(WALLS)][np.setdiff1d(np.arange(100), WALLS)].sum() == 0.0


def test_moves_are_deterministic_and_follow_reinforcejs_numbering(mdp):
    assert np.all((mdp.P == 0.0) | (mdp.P == 1.0))
    # From (x=1, y=1), state 11, an open cell with open neighbours left, up, right; down is a wall.
    s = state_of(1, 1)
    successors = [int(np.argmax(mdp.P[s, a])) for a in range(4)]
    assert successors == [state_of(0, 1), state_of(1, 0), s, state_of(2, 1)], (
        "actions are 0: x-1, 1: y-1, 2: y+1, 3: x+1, and a move into a wall stays in place"
    )


def test_off_grid_moves_stay_in_place(mdp):
    assert mdp.P[START, 0, START] == 1.0 and mdp.P[START, 1, START] == 1.0
    corner = state_of(9, 9)
    assert mdp.P[corner, 2, corner] == 1.0 and mdp.P[corner, 3, corner] == 1.0


def test_goal_teleports_to_start_with_reward_one_from_every_action(mdp, v_star):
    assert np.all(mdp.P[GOAL, :, START] == 1.0)
    assert np.all(mdp.R[GOAL] == 1.0)
    assert v_star[GOAL] == pytest.approx(1.0 + 0.9 * v_star[START])


def test_reward_is_the_reward_of_the_cell_being_left(mdp):
    for s in range(100):
        expected = CELL_REWARDS.get(s, 0.0)
        assert np.all(mdp.R[s] == expected), f"R[{s}, :, :] should all be {expected}"
    assert sorted(CELL_REWARDS.values()).count(-1.0) == 9


def test_off_grid_stay_does_not_change_v_star(mdp, v_star):
    # REINFORCEjs only allows on-grid moves: mask the others out and solve again.
    allowed = np.ones((100, 4), dtype=bool)
    for s in range(100):
        x, y = xy_of(s)
        allowed[s] = [x > 0, y > 0, y < GRID_SIZE - 1, x < GRID_SIZE - 1]
    v_reinforcejs = value_iteration(mdp.P, mdp.R, mdp.gamma, allowed=allowed)
    np.testing.assert_allclose(v_star, v_reinforcejs, atol=1e-9)


def test_to_grid_and_layout():
    layout = gridworld_layout()
    assert layout.rewards.shape == (10, 10)
    assert layout.rewards[5, 5] == 1.0 and layout.rewards[3, 3] == -1.0
    assert layout.start == (0, 0) and layout.goal == (5, 5)
    grid = to_grid(np.arange(100.0))
    assert grid[3, 7] == state_of(7, 3), "to_grid indexes [y, x]"
    assert np.isnan(grid[2, 1]), "walls are NaN by default"
    with pytest.raises(ValueError, match="one value per state"):
        to_grid(np.zeros(99))


@pytest.mark.parametrize("gamma", [1.0, -0.1])
def test_gamma_must_be_below_one(gamma):
    with pytest.raises(ValueError, match="gamma"):
        gridworld(gamma)
