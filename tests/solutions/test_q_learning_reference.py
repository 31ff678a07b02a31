"""The reference Q-learning (solutions/q_learning.py): updates by hand, exploration by counting,
the linear Q-function against the table, and the learned Q against the exact Q*."""

from __future__ import annotations

import numpy as np
import pytest

from envs import racing
from envs.random_mdp import random_mdp
from envs.tabular_env import TabularEnv
from solutions.q_learning import epsilon_greedy, linear_q_update, q_learning, q_learning_update

COOL, WARM, OVERHEATED = 0, 1, 2
SLOW, FAST = 0, 1

# Q-learning with a constant alpha hovers around Q* with noise of order sqrt(alpha). Measured on
# random_mdp(6, 2, seed=k, num_absorbing=1, gamma=0.9), run seed k, k = 0..49, 3000 episodes,
# alpha 0.02, epsilon 0.5 (about 0.2 CPU-seconds a run): worst max|Q - Q*| = 0.29, median 0.13.
# Q* is of order 1; no bootstrap or a mean instead of the max is off by 0.6 (median).
Q_STAR_CASE = dict(num_states=6, num_actions=2, num_absorbing=1, gamma=0.9)
Q_EPISODES = 3000
Q_ALPHA = 0.02
Q_EPSILON = 0.5
Q_TOLERANCE = 0.5
# Actions whose Q* values differ by less than this are not required to be ranked right.
CLEAR_GAP = 0.05
# Racing (gamma 0.9): 200 episodes already give the optimal policy on 100 seeds out of 100.
RACING_EPISODES = 300


def exact_q_star(mdp, tol=1e-12):
    """Q-iteration from the model, Q(s,a) <- sum_s' p(s'|s,a) [r + gamma max_a' Q(s',a')]."""
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    while True:
        Q_new = np.sum(mdp.P * (mdp.R + mdp.gamma * Q.max(axis=1)), axis=2)
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new
        Q = Q_new


# --- q_learning_update ------------------------------------------------------------------------


def test_docstring_example_racing():
    Q = np.array([[1.0, 2.0], [1.0, -10.0], [0.0, 0.0]])
    # From cool, drive fast, land in warm with +2: target = 2 + max(1, -10) = 3.
    assert q_learning_update(Q, COOL, FAST, 2.0, WARM, False, 0.5, 1.0) == 1.0
    np.testing.assert_array_equal(Q, [[1.0, 2.5], [1.0, -10.0], [0.0, 0.0]])
    # From warm, drive fast, overheat with -10 (terminal), from Q = zeros.
    Q = np.zeros((3, 2))
    assert q_learning_update(Q, WARM, FAST, -10.0, OVERHEATED, True, 0.5, 1.0) == -10.0
    np.testing.assert_array_equal(Q, [[0.0, 0.0], [0.0, -5.0], [0.0, 0.0]])


def test_update_is_in_place_on_q_of_s_a_only_and_returns_a_float():
    Q = np.array([[1.0, 2.0], [3.0, 4.0]])
    Q_id = id(Q)
    delta = q_learning_update(Q, 0, 1, 1.0, 1, False, 0.25, 0.5)
    # target = 1 + 0.5 * max(3, 4) = 3; delta = 3 - 2 = 1; Q(0, 1) = 0.75 * 2 + 0.25 * 3 = 2.25
    assert type(delta) is float, f"the TD error should be a Python float, got {type(delta)}"
    assert delta == 1.0
    assert id(Q) == Q_id
    np.testing.assert_array_equal(Q, [[1.0, 2.25], [3.0, 4.0]])


def test_terminal_transition_ignores_q_of_next_state():
    Q = np.array([[1.0, 0.0], [100.0, 50.0]])
    assert q_learning_update(Q, 0, 0, 3.0, 1, True, 0.5, 0.9) == pytest.approx(2.0)
    np.testing.assert_allclose(Q, [[2.0, 0.0], [100.0, 50.0]])


def test_gamma_zero_and_alpha_one_make_q_the_reward():
    Q = np.array([[1.0, 0.0], [100.0, 50.0]])
    assert q_learning_update(Q, 0, 1, -2.0, 1, False, 1.0, 0.0) == pytest.approx(-2.0)
    np.testing.assert_allclose(Q, [[1.0, -2.0], [100.0, 50.0]])


def test_target_takes_the_max_over_next_actions_even_when_negative():
    Q = np.array([[0.0, 0.0], [-3.0, -1.0]])
    # target = 0 + 1 * max(-3, -1) = -1 (a max clipped at 0, or the first action, would differ)
    assert q_learning_update(Q, 0, 0, 0.0, 1, False, 1.0, 1.0) == pytest.approx(-1.0)
    np.testing.assert_allclose(Q[0], [-1.0, 0.0])


def test_self_loop_uses_the_value_before_the_update():
    Q = np.array([[4.0, 0.0]])
    # target = 1 + 0.5 * max(4, 0) = 3, with Q(0, 0) = 4 before the update; Q(0, 0) = 3.5
    assert q_learning_update(Q, 0, 0, 1.0, 0, False, 0.5, 0.5) == pytest.approx(-1.0)
    np.testing.assert_allclose(Q, [[3.5, 0.0]])


# --- epsilon_greedy ---------------------------------------------------------------------------

NUM_DRAWS = 20_000


def action_frequencies(q_values, epsilon, seed):
    rng = np.random.default_rng(seed)
    actions = [epsilon_greedy(q_values, epsilon, rng) for _ in range(NUM_DRAWS)]
    return np.bincount(actions, minlength=len(q_values)) / NUM_DRAWS


def assert_frequencies_close(frequencies, probabilities):
    # 5 standard errors of a binomial proportion: a correct sampler fails once in ~3 million.
    probabilities = np.asarray(probabilities)
    bound = 5 * np.sqrt(probabilities * (1 - probabilities) / NUM_DRAWS)
    assert np.all(np.abs(frequencies - probabilities) <= bound + 1e-12), (
        f"action frequencies {frequencies} are too far from the probabilities {probabilities}"
    )


def test_epsilon_zero_is_greedy_with_ties_to_the_lowest_index():
    rng = np.random.default_rng(0)
    assert epsilon_greedy(np.array([1.0, 3.0, 3.0]), 0.0, rng) == 1  # the docstring example
    assert epsilon_greedy(np.array([2.0, 2.0, 2.0]), 0.0, rng) == 0
    assert epsilon_greedy(np.array([-5.0, -1.0, -2.0, -1.0]), 0.0, rng) == 1
    np.testing.assert_array_equal(action_frequencies(np.array([0.0, 5.0, 5.0]), 0.0, 1), [0, 1, 0])


def test_returns_a_python_int():
    action = epsilon_greedy(np.array([0.0, 1.0]), 0.5, np.random.default_rng(0))
    assert type(action) is int, f"the action should be a Python int, got {type(action)}"


def test_epsilon_one_is_uniform_over_all_actions():
    frequencies = action_frequencies(np.array([0.0, 9.0, 1.0, 2.0]), 1.0, 2)
    assert_frequencies_close(frequencies, [0.25, 0.25, 0.25, 0.25])
    frequencies = action_frequencies(np.array([1.0, 3.0, 3.0]), 1.0, 4)  # the docstring example
    assert_frequencies_close(frequencies, [1 / 3, 1 / 3, 1 / 3])


def test_epsilon_point_three_matches_the_docstring_probabilities():
    # The greedy action 1 (tie with 2, lowest index wins): 1 - 0.3 + 0.3 / 3 = 0.8.
    frequencies = action_frequencies(np.array([1.0, 3.0, 3.0]), 0.3, 3)
    assert_frequencies_close(frequencies, [0.1, 0.8, 0.1])


def test_does_not_modify_the_q_values():
    q_values = np.array([1.0, 3.0, 3.0])
    epsilon_greedy(q_values, 0.5, np.random.default_rng(0))
    np.testing.assert_array_equal(q_values, [1.0, 3.0, 3.0])


# --- linear_q_update --------------------------------------------------------------------------


def test_linear_docstring_example():
    W = np.array([[1.0, 0.0], [0.0, 1.0]])
    b = np.array([0.0, 0.5])
    x, x_next = np.array([1.0, 2.0]), np.array([2.0, 0.0])
    delta = linear_q_update(W, b, x, 1, 1.0, x_next, False, 0.1, 0.5)
    assert delta == pytest.approx(-0.5)
    np.testing.assert_allclose(W, [[1.0, 0.0], [-0.05, 0.9]], rtol=0, atol=1e-15)
    np.testing.assert_allclose(b, [0.0, 0.45], rtol=0, atol=1e-15)


def test_linear_update_touches_only_the_taken_actions_parameters():
    rng = np.random.default_rng(0)
    A, d = 4, 6
    W, b = rng.normal(size=(A, d)), rng.normal(size=A)
    x, x_next = rng.normal(size=d), rng.normal(size=d)
    W0, b0, x0, x_next0 = W.copy(), b.copy(), x.copy(), x_next.copy()
    a = 2
    delta = linear_q_update(W, b, x, a, 0.7, x_next, False, 0.1, 0.9)
    expected_delta = 0.7 + 0.9 * np.max(W0 @ x_next0 + b0) - (W0[a] @ x0 + b0[a])
    assert type(delta) is float
    assert delta == pytest.approx(expected_delta, abs=1e-12)
    others = [i for i in range(A) if i != a]
    np.testing.assert_array_equal(W[others], W0[others])
    np.testing.assert_array_equal(b[others], b0[others])
    np.testing.assert_allclose(W[a], W0[a] + 0.1 * expected_delta * x0, atol=1e-12)
    np.testing.assert_allclose(b[a], b0[a] + 0.1 * expected_delta, atol=1e-12)
    np.testing.assert_array_equal(x, x0)
    np.testing.assert_array_equal(x_next, x_next0)


def test_linear_terminal_transition_ignores_the_next_features():
    W, b = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0.0, 0.0])
    x, x_next = np.array([1.0, 0.0]), np.array([0.0, 100.0])
    delta = linear_q_update(W, b, x, 0, 2.0, x_next, True, 1.0, 1.0)
    assert delta == pytest.approx(1.0)  # target = 2 (not 2 + 100), Q(x, 0) = 1
    np.testing.assert_allclose(W, [[2.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(b, [1.0, 0.0])


def random_transitions(num_states, num_actions, count, seed):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield (
            int(rng.integers(num_states)),
            int(rng.integers(num_actions)),
            float(rng.normal()),
            int(rng.integers(num_states)),
            bool(rng.random() < 0.2),
        )


def test_linear_with_one_hot_features_has_the_tabular_td_error():
    # x = e_s gives Q(s, a) = W[a, s] + b[a]: the TD error of every step is the table's.
    S, A, alpha, gamma = 5, 3, 0.1, 0.9
    one_hot = np.eye(S)
    rng = np.random.default_rng(1)
    W, b = rng.normal(size=(A, S)), rng.normal(size=A)
    for s, a, r, s_next, done in random_transitions(S, A, 300, seed=2):
        Q = W.T + b  # Q[s, a] = W[a] . e_s + b[a]
        tabular_delta = q_learning_update(Q, s, a, r, s_next, done, alpha, gamma)
        delta = linear_q_update(W, b, one_hot[s], a, r, one_hot[s_next], done, alpha, gamma)
        assert delta == tabular_delta
        # The shared bias b[a] moves Q(s2, a) of every state s2 by alpha delta, and Q(s, a) by
        # alpha delta once more through W[a, s]: one-hot plus bias is not a table on its own.
        np.testing.assert_allclose(W.T + b - Q, _bias_spill(S, A, s, a, alpha * delta), atol=1e-12)


def _bias_spill(S, A, s, a, step):
    """(W.T + b after the linear step) - (table after the tabular step), for one-hot features."""
    spill = np.zeros((S, A))
    spill[:, a] = step  # b[a] moves every state's Q(., a); W[a, s] moves Q(s, a) as the table does
    return spill


def test_linear_reduces_to_tabular_q_learning_with_centred_one_hot_features():
    # With x_s = sqrt(S) (e_s - 1/S) the gradient step alpha/S delta (x_s, 1) moves
    # Q(s2, a) = W[a] . x_s2 + b[a] by alpha/S delta (x_s . x_s2 + 1) = alpha delta [s2 == s]:
    # exactly the tabular update of Q(s, a), nothing else. S = 4 keeps the features dyadic.
    S, A, alpha, gamma = 4, 3, 0.5, 0.9
    features = np.sqrt(S) * (np.eye(S) - 1.0 / S)  # row s is x_s
    W, b = np.zeros((A, S)), np.zeros(A)
    Q = np.zeros((S, A))
    for s, a, r, s_next, done in random_transitions(S, A, 500, seed=3):
        tabular_delta = q_learning_update(Q, s, a, r, s_next, done, alpha, gamma)
        delta = linear_q_update(W, b, features[s], a, r, features[s_next], done, alpha / S, gamma)
        assert delta == pytest.approx(tabular_delta, abs=1e-12)
        np.testing.assert_allclose(features @ W.T + b, Q, rtol=0, atol=1e-12)
    assert np.max(np.abs(Q)) > 0.5  # the stream moved the table, so the comparison meant something


# --- q_learning: the whole loop ----------------------------------------------------------------


def test_q_learning_returns_float64_of_shape_s_a_and_is_reproducible():
    mdp = random_mdp(4, 3, seed=0, num_absorbing=1)
    Q1 = q_learning(TabularEnv(mdp), 20, 0.1, mdp.gamma, 0.2, seed=5)
    Q2 = q_learning(TabularEnv(mdp), 20, 0.1, mdp.gamma, 0.2, seed=5)
    assert isinstance(Q1, np.ndarray) and Q1.shape == (4, 3) and Q1.dtype == np.float64
    np.testing.assert_array_equal(Q1, Q2)
    assert np.any(Q1 != 0)


def test_q_learning_docstring_example_racing_policy():
    mdp = racing(gamma=0.9)
    Q_star = exact_q_star(mdp)
    np.testing.assert_allclose(Q_star, [[14.95, 15.5], [14.5, -10.0], [0.0, 0.0]], atol=1e-9)
    Q = q_learning(TabularEnv(mdp, max_steps=50), RACING_EPISODES, 0.1, mdp.gamma, 0.2, seed=0)
    greedy = np.argmax(Q, axis=1)
    assert greedy[COOL] == FAST and greedy[WARM] == SLOW, f"Q = {Q}"
    # "A few tenths away": over seeds 0..99 the median is 0.22 and the worst 0.67.
    assert np.max(np.abs(Q - Q_star)) < 1.0


def test_q_learning_docstring_example_truncation_still_bootstraps():
    env = TabularEnv(racing(), start_distribution=COOL, max_steps=2)
    Q = q_learning(env, 1, 0.5, 1.0, 0.0, seed=0)
    # 0 -> 0.5 -> 1.0; treating the time limit as a terminal state would give 0.75.
    np.testing.assert_allclose(Q, [[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_q_learning_approaches_q_star_and_its_greedy_policy(seed):
    mdp = random_mdp(**Q_STAR_CASE, seed=seed)
    Q_star = exact_q_star(mdp)
    Q = q_learning(TabularEnv(mdp), Q_EPISODES, Q_ALPHA, mdp.gamma, Q_EPSILON, seed=seed)
    error = np.max(np.abs(Q - Q_star))
    assert error < Q_TOLERANCE, (
        f"max |Q - Q*| = {error:.3f} after {Q_EPISODES} episodes; expected < {Q_TOLERANCE}\n"
        f"Q  = {Q}\nQ* = {Q_star}"
    )
    gaps = np.abs(Q_star[:, 0] - Q_star[:, 1])
    clear = np.setdiff1d(np.flatnonzero(gaps > CLEAR_GAP), mdp.absorbing_states())
    assert len(clear) >= 3  # the check below is about something
    np.testing.assert_array_equal(
        np.argmax(Q[clear], axis=1),
        np.argmax(Q_star[clear], axis=1),
        err_msg=f"the greedy policy of Q differs from that of Q* in states {clear}",
    )
