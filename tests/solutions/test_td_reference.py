"""The reference TD(0) (solutions/td.py) against hand-computed transitions and the exact V^pi."""

from __future__ import annotations

import numpy as np
import pytest

from envs import racing
from envs.random_mdp import random_mdp
from envs.tabular_env import TabularEnv
from solutions.td import td0_evaluate, td0_update

COOL, WARM, OVERHEATED = 0, 1, 2
SLOW, FAST = 0, 1

# TD(0) with a constant alpha hovers around V^pi with noise of order sqrt(alpha). Measured on
# random_mdp(5, 2, seed=k, num_absorbing=1) with a random policy, k = 0..99: worst
# max_s |V - V^pi| = 0.144 (median 0.048), about 0.13 CPU-seconds per run. Values are of order 1
# and the usual mistakes (no bootstrap, wrong discount) are off by 0.35 or more on these cases.
NUM_EPISODES_TD = 4000
ALPHA_TD = 0.005
TOLERANCE_TD = 0.2


def exact_v_pi(mdp, policy):
    """Solve the Bellman expectation equations (I - gamma P_pi) V = r_pi for V^pi."""
    states = np.arange(mdp.num_states)
    P_pi = mdp.P[states, policy]  # P_pi[s, s2] = p(s2 | s, pi(s))
    r_pi = np.sum(P_pi * mdp.R[states, policy], axis=1)  # expected reward of pi(s) in s
    return np.linalg.solve(np.eye(mdp.num_states) - mdp.gamma * P_pi, r_pi)


# --- td0_update: the documented examples and hand-computed transitions --------------------------


def test_docstring_example_racing():
    V = np.array([2.0, 1.0, 0.0])
    # From cool, drive fast, land in warm with +2.
    assert td0_update(V, COOL, 2.0, WARM, False, 0.5, 1.0) == 1.0
    np.testing.assert_array_equal(V, [2.5, 1.0, 0.0])
    # Then from warm, drive fast, overheat with -10 (terminal).
    assert td0_update(V, WARM, -10.0, OVERHEATED, True, 0.5, 1.0) == -11.0
    np.testing.assert_array_equal(V, [2.5, -4.5, 0.0])


def test_update_is_in_place_on_v_of_s_only_and_returns_a_float():
    V = np.array([1.0, 2.0, 3.0, 4.0])
    V_id = id(V)
    delta = td0_update(V, 1, 0.5, 3, False, 0.25, 0.5)
    # sample = 0.5 + 0.5 * 4 = 2.5; delta = 2.5 - 2 = 0.5; V(1) = 2 + 0.25 * 0.5 = 2.125
    assert type(delta) is float, f"the TD error should be a Python float, got {type(delta)}"
    assert delta == 0.5
    assert id(V) == V_id
    np.testing.assert_array_equal(V, [1.0, 2.125, 3.0, 4.0])


def test_terminal_transition_ignores_v_of_next_state():
    V = np.array([1.0, 100.0])
    delta = td0_update(V, 0, 3.0, 1, True, 0.5, 0.9)
    assert delta == pytest.approx(2.0)  # sample = 3, not 3 + 0.9 * 100
    np.testing.assert_allclose(V, [2.0, 100.0])


def test_gamma_zero_makes_the_sample_the_reward():
    V = np.array([1.0, 100.0])
    assert td0_update(V, 0, -2.0, 1, False, 0.5, 0.0) == pytest.approx(-3.0)
    np.testing.assert_allclose(V, [-0.5, 100.0])


def test_alpha_one_replaces_v_by_the_sample():
    V = np.array([5.0, 2.0])
    assert td0_update(V, 0, 1.0, 1, False, 1.0, 0.5) == pytest.approx(-3.0)
    np.testing.assert_allclose(V, [2.0, 2.0])  # sample = 1 + 0.5 * 2


def test_self_loop_uses_the_value_before_the_update():
    V = np.array([4.0])
    # sample = 1 + 0.5 * V(0) with V(0) = 4 before the update: 3; delta = -1; V(0) = 4 - 0.5
    assert td0_update(V, 0, 1.0, 0, False, 0.5, 0.5) == pytest.approx(-1.0)
    np.testing.assert_allclose(V, [3.5])


# --- td0_evaluate -----------------------------------------------------------------------------


def test_docstring_example_terminal_episodes():
    env = TabularEnv(racing(), start_distribution=WARM)
    policy = np.array([SLOW, FAST, SLOW])
    V = td0_evaluate(env, policy, 2, 0.5, 1.0, seed=0)
    np.testing.assert_allclose(V, [0.0, -7.5, 0.0])


def test_docstring_example_truncation_still_bootstraps():
    env = TabularEnv(racing(), start_distribution=COOL, max_steps=2)
    policy = np.array([SLOW, SLOW, SLOW])
    V = td0_evaluate(env, policy, 1, 0.5, 1.0, seed=0)
    # 0 -> 0.5 -> 1.0; treating the time limit as a terminal state would give 0.75.
    np.testing.assert_allclose(V, [1.0, 0.0, 0.0])


def test_evaluate_returns_float64_of_shape_s_and_leaves_policy_alone():
    mdp = random_mdp(5, 2, seed=0, num_absorbing=1)
    policy = np.array([0, 1, 0, 1, 0])
    policy_before = policy.copy()
    V = td0_evaluate(TabularEnv(mdp), policy, 3, 0.1, mdp.gamma, seed=0)
    assert isinstance(V, np.ndarray) and V.shape == (5,) and V.dtype == np.float64
    np.testing.assert_array_equal(policy, policy_before)


def test_evaluate_is_reproducible_with_the_seed():
    mdp = random_mdp(5, 2, seed=1, num_absorbing=1)
    policy = np.zeros(5, dtype=int)
    V1 = td0_evaluate(TabularEnv(mdp), policy, 50, 0.1, mdp.gamma, seed=3)
    V2 = td0_evaluate(TabularEnv(mdp), policy, 50, 0.1, mdp.gamma, seed=3)
    np.testing.assert_array_equal(V1, V2)


@pytest.mark.parametrize("mdp_seed", [0, 1, 2])
def test_td0_converges_near_the_exact_v_pi(mdp_seed):
    mdp = random_mdp(5, 2, seed=mdp_seed, num_absorbing=1, gamma=0.9)
    policy = np.random.default_rng(100 + mdp_seed).integers(mdp.num_actions, size=mdp.num_states)
    V_pi = exact_v_pi(mdp, policy)
    V = td0_evaluate(TabularEnv(mdp), policy, NUM_EPISODES_TD, ALPHA_TD, mdp.gamma, seed=mdp_seed)
    error = np.max(np.abs(V - V_pi))
    assert error < TOLERANCE_TD, (
        f"max_s |V(s) - V^pi(s)| = {error:.3f} after {NUM_EPISODES_TD} episodes "
        f"(alpha {ALPHA_TD}); expected < {TOLERANCE_TD}\nV    = {V}\nV^pi = {V_pi}"
    )
