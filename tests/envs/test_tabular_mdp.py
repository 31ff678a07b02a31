"""TabularMDP's validation (each malformed MDP fails with a message that says what to fix) and the
racing MDP's table against the lecture."""

from __future__ import annotations

import numpy as np
import pytest

from envs.racing import COOL, FAST, OVERHEATED, SLOW, WARM, racing
from envs.tabular import MDPError, TabularMDP


def two_state_mdp():
    """Two states, two actions; state 1 absorbing."""
    P = np.zeros((2, 2, 2))
    R = np.zeros((2, 2, 2))
    P[0, 0, 0] = 1.0
    R[0, 0, 0] = 1.0
    P[0, 1, :] = [0.25, 0.75]
    R[0, 1, :] = [2.0, -4.0]
    P[1, :, 1] = 1.0
    return P, R


def test_a_valid_mdp():
    P, R = two_state_mdp()
    mdp = TabularMDP(
        P, R, 0.5, state_names=["a", "b"], action_names=("x", "y"), terminal_states=[1]
    )
    assert (mdp.num_states, mdp.num_actions, mdp.gamma) == (2, 2, 0.5)
    assert mdp.P.dtype == np.float64 and mdp.R.dtype == np.float64
    assert mdp.state_names == ("a", "b") and mdp.action_names == ("x", "y")
    assert mdp.terminal_states == (1,)
    np.testing.assert_allclose(mdp.expected_reward(), [[1.0, 0.25 * 2 - 0.75 * 4], [0.0, 0.0]])
    assert list(mdp.absorbing_states()) == [1]
    assert "num_states=2" in repr(mdp)


def test_arrays_are_copied_and_read_only():
    P, R = two_state_mdp()
    mdp = TabularMDP(P, R, 0.9)
    P[0, 0, 0] = 0.0  # the caller's array changes afterwards...
    assert mdp.P[0, 0, 0] == 1.0  # ...the MDP does not
    with pytest.raises(ValueError, match="read-only"):
        mdp.P[0, 0, 0] = 0.5
    with pytest.raises(ValueError, match="read-only"):
        mdp.R[0, 0, 0] = 0.5


def test_absorbing_needs_zero_reward():
    P, R = two_state_mdp()
    R[1, 0, 1] = 1.0  # a self-loop that pays is not terminal
    assert list(TabularMDP(P, R, 0.9).absorbing_states()) == []


def broken(change):
    P, R = two_state_mdp()
    gamma = 0.9
    result = change(P, R)
    if result is not None:
        P, R, gamma = result
    return P, R, gamma


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda P, R: (P[0], R[0], 0.9), r"P must have shape \(S, A, S\).*got shape \(2, 2\)"),
        (lambda P, R: (np.zeros((2, 2, 3)), np.zeros((2, 2, 3)), 0.9), r"got shape \(2, 2, 3\)"),
        (lambda P, R: (P, R[:, :1], 0.9), r"R must have the same shape as P \(2, 2, 2\)"),
        (lambda P, R: (np.zeros((0, 1, 0)), np.zeros((0, 1, 0)), 0.9), "at least one state"),
        (lambda P, R: (np.zeros((1, 0, 1)), np.zeros((1, 0, 1)), 0.9), "at least one state"),
        (lambda P, R: P.__setitem__((0, 1), [-0.25, 1.25]), r"P\[0, 1, 0\] = -0.25 is not a"),
        (lambda P, R: P.__setitem__((0, 1, 0), np.nan), r"P\[0, 1, 0\] = nan is not a"),
        (lambda P, R: P.__setitem__((0, 1, 0), 0.5), r"P\[0, 1, :\] sums to .*must sum to 1"),
        (lambda P, R: P.__setitem__((1, 0, 1), 0.0), r"P\[1, 0, :\] sums to .*must sum to 1"),
        (lambda P, R: P.__setitem__((0, 1, 0), 0.5), r"P\[0, 1, :\] sums to 1.25;"),
        (lambda P, R: R.__setitem__((0, 1, 1), np.inf), r"R\[0, 1, 1\] = inf is not a finite"),
        (lambda P, R: (P, R, 1.5), r"gamma must lie in \[0, 1\]; got 1.5"),
        (lambda P, R: (P, R, -0.1), r"gamma must lie in \[0, 1\]; got -0.1"),
    ],
)
def test_malformed_mdps_fail_with_a_message(change, message):
    P, R, gamma = broken(change)
    with pytest.raises(MDPError, match=message):
        TabularMDP(P, R, gamma)


def test_mdp_error_is_a_value_error():
    assert issubclass(MDPError, ValueError)


def test_rows_summing_to_one_within_tolerance_are_accepted():
    P, R = two_state_mdp()
    P[0, 1, :] = [0.25 + 1e-12, 0.75]
    TabularMDP(P, R, 0.9)


# The lecture's car (and racing.py's docstring table): (state, action) -> {next: (prob, reward)}.
RACING_TABLE = {
    (COOL, SLOW): {COOL: (1.0, 1.0)},
    (COOL, FAST): {COOL: (0.5, 2.0), WARM: (0.5, 2.0)},
    (WARM, SLOW): {COOL: (0.5, 1.0), WARM: (0.5, 1.0)},
    (WARM, FAST): {OVERHEATED: (1.0, -10.0)},
    (OVERHEATED, SLOW): {OVERHEATED: (1.0, 0.0)},
    (OVERHEATED, FAST): {OVERHEATED: (1.0, 0.0)},
}


def test_racing_matches_the_lecture_table():
    mdp = racing()
    assert (mdp.num_states, mdp.num_actions, mdp.gamma) == (3, 2, 1.0)
    assert mdp.state_names == ("cool", "warm", "overheated")
    assert mdp.action_names == ("slow", "fast")
    for (s, a), row in RACING_TABLE.items():
        for s2 in range(3):
            prob, reward = row.get(s2, (0.0, None))
            assert mdp.P[s, a, s2] == prob, f"P[{s}, {a}, {s2}] should be {prob}"
            if reward is not None:
                assert mdp.R[s, a, s2] == reward, f"R[{s}, {a}, {s2}] should be {reward}"


def test_racing_overheated_is_the_only_terminal_state():
    mdp = racing()
    assert list(mdp.absorbing_states()) == [OVERHEATED]
    assert mdp.terminal_states == (OVERHEATED,)


def test_racing_first_backup_is_the_slide():
    # V1(cool) = max(1, 0.5 (2 + 0) + 0.5 (2 + 0)) = 2; V1(warm) = max(1, -10) = 1.
    mdp = racing()
    V1 = mdp.expected_reward().max(axis=1)
    np.testing.assert_allclose(V1, [2.0, 1.0, 0.0])
