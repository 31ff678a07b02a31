"""random_mdp: reproducible from its seed, the promised structure, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from envs.random_mdp import random_mdp
from envs.tabular import TabularMDP


def test_returns_a_valid_tabular_mdp():
    mdp = random_mdp(5, 3, seed=0, gamma=0.8)
    assert isinstance(mdp, TabularMDP)
    assert (mdp.num_states, mdp.num_actions, mdp.gamma) == (5, 3, 0.8)
    np.testing.assert_allclose(mdp.P.sum(axis=2), 1.0, atol=1e-12)


@pytest.mark.parametrize(
    "kwargs", [{}, {"branching": 3}, {"num_absorbing": 2}, {"branching": 1, "reward_scale": 5.0}]
)
def test_same_seed_same_arrays(kwargs):
    a = random_mdp(7, 3, seed=42, **kwargs)
    b = random_mdp(7, 3, seed=42, **kwargs)
    assert np.array_equal(a.P, b.P) and np.array_equal(a.R, b.R), "same seed must give same MDP"


def test_different_seeds_differ():
    a = random_mdp(7, 3, seed=1)
    b = random_mdp(7, 3, seed=2)
    assert not np.array_equal(a.P, b.P) and not np.array_equal(a.R, b.R)


def test_no_global_random_state_is_used_or_touched():
    np.random.seed(0)
    before = np.random.random()
    np.random.seed(0)
    a = random_mdp(6, 2, seed=3)
    after = np.random.random()
    np.random.seed(123)
    b = random_mdp(6, 2, seed=3)
    assert before == after, "random_mdp must not draw from numpy's global random state"
    assert np.array_equal(a.P, b.P), "the global seed must not influence the MDP"


def test_golden_values_pin_the_generation_scheme():
    # Printed once by random_mdp(4, 2, seed=2024); a change here means every seeded MDP changed.
    mdp = random_mdp(4, 2, seed=2024)
    np.testing.assert_allclose(
        mdp.P[0, 0],
        [0.16200921275467403, 0.39265633776670406, 0.3451139667527029, 0.10022048272591914],
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        mdp.R[0, 0],
        [0.7778840760629846, -0.4273633749147705, 0.547533863397075, -0.02551027789542926],
        rtol=1e-12,
    )


def test_dense_scheme_by_hand_from_default_rng():
    # The documented scheme, redone by hand: weights, then rewards, from one default_rng(seed).
    S, A, seed, scale = 4, 2, 2024, 1.0
    rng = np.random.default_rng(seed)
    weights = 1.0 - rng.random((S, A, S))
    rewards = scale * (2.0 * rng.random((S, A, S)) - 1.0)
    mdp = random_mdp(S, A, seed=seed, reward_scale=scale)
    np.testing.assert_allclose(mdp.P, weights / weights.sum(axis=2, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(mdp.R, rewards, rtol=1e-12)


def test_sparse_scheme_by_hand_from_default_rng():
    # Keys pick the successors (smallest keys first), then weights, then rewards.
    S, A, k, seed = 6, 2, 2, 7
    num_absorbing = 1
    n = S - num_absorbing
    rng = np.random.default_rng(seed)
    keys = rng.random((n, A, S))
    weights = 1.0 - rng.random((n, A, k))
    rewards = 2.0 * rng.random((n, A, k)) - 1.0
    mdp = random_mdp(S, A, seed=seed, branching=k, num_absorbing=num_absorbing)
    for s in range(n):
        for a in range(A):
            successors = np.argsort(keys[s, a])[:k]
            np.testing.assert_allclose(
                mdp.P[s, a, successors], weights[s, a] / weights[s, a].sum(), rtol=1e-12
            )
            np.testing.assert_allclose(mdp.R[s, a, successors], rewards[s, a], rtol=1e-12)
    # And the numbers printed once, for the first row.
    np.testing.assert_allclose(
        mdp.P[0, 0], [0, 0, 0, 0.5217586698682366, 0.47824133013176334, 0], rtol=1e-12
    )


@pytest.mark.parametrize("k", [1, 2, 5])
def test_branching_gives_exactly_k_successors(k):
    mdp = random_mdp(8, 3, seed=11, branching=k, num_absorbing=2)
    counts = (mdp.P[:6] > 0).sum(axis=2)
    assert np.all(counts == k), f"every non-absorbing (s, a) should have {k} successors: {counts}"
    assert np.all(mdp.R[mdp.P == 0] == 0.0), "impossible transitions carry no reward"


def test_dense_has_every_successor():
    mdp = random_mdp(5, 2, seed=0)
    assert np.all(mdp.P > 0)


@pytest.mark.parametrize("num_absorbing", [0, 1, 3, 5])
def test_the_last_states_are_absorbing(num_absorbing):
    S = 5
    mdp = random_mdp(S, 2, seed=9, num_absorbing=num_absorbing)
    expected = list(range(S - num_absorbing, S))
    assert list(mdp.absorbing_states()) == expected
    assert list(mdp.terminal_states) == expected
    for s in expected:
        assert np.all(mdp.P[s, :, s] == 1.0) and np.all(mdp.R[s] == 0.0)


def test_reward_scale_bounds_rewards():
    mdp = random_mdp(6, 3, seed=5, reward_scale=2.5)
    assert np.all(np.abs(mdp.R) <= 2.5) and np.abs(mdp.R).max() > 1.0
    assert np.all(random_mdp(6, 3, seed=5, reward_scale=0.0).R == 0.0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"num_states": 0}, "num_states must be >= 1"),
        ({"num_states": 2.5}, "num_states must be an int"),
        ({"num_actions": 0}, "num_actions must be >= 1"),
        ({"seed": None}, "seed is required"),
        ({"seed": -1}, "seed must be >= 0"),
        ({"seed": True}, "seed must be an int"),
        ({"branching": 0}, r"branching must be in \[1, 4\]"),
        ({"branching": 5}, r"branching must be in \[1, 4\]"),
        ({"num_absorbing": 5}, r"num_absorbing must be in \[0, 4\]"),
        ({"reward_scale": -1.0}, "reward_scale must be finite and >= 0"),
        ({"reward_scale": float("inf")}, "reward_scale must be finite"),
        ({"gamma": 1.5}, r"gamma must be a number in \[0, 1\]"),
    ],
)
def test_invalid_arguments_raise_clear_errors(kwargs, message):
    arguments = {"num_states": 4, "num_actions": 2, "seed": 0, **kwargs}
    with pytest.raises(ValueError, match=message):
        random_mdp(**arguments)


def test_numpy_integers_are_accepted():
    a = random_mdp(np.int64(4), np.int32(2), seed=np.uint64(3), branching=np.int64(2))
    b = random_mdp(4, 2, seed=3, branching=2)
    assert np.array_equal(a.P, b.P)
