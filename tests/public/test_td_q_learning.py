"""Parts 2 and 3 (td.py, q_learning.py) on the lecture's racing car, computed by hand.

States cool (0), warm (1), overheated (2); actions slow (0), fast (1). The hidden tests replay
long fixed streams of transitions and check that learning approaches the exact V^pi and Q*.
"""

import numpy as np
import pytest
from conftest import call

import envs

TD0 = "V(s) <- V(s) + alpha (r + gamma V(s') - V(s)); V(s') = 0 when s' is terminal"
Q_UPDATE = "Q(s,a) <- (1 - alpha) Q(s,a) + alpha [r + gamma max_a' Q(s',a')]"
TERMINAL = (
    "a terminal transition has no next state: the target is just r (do not add "
    "gamma max_a' Q(s', a'))"
)


def test_td0_update_from_cool_fast_to_warm(td):
    """sample = 2 + 1.0 * V(warm) = 3; delta = 3 - 2 = 1; V(cool) = 2 + 0.5 * 1 = 2.5."""
    V = np.array([2.0, 1.0, 0.0])
    delta = call(td.td0_update, V, 0, 2.0, 1, False, 0.5, 1.0)
    assert delta == pytest.approx(1.0), f"td0_update returned delta {delta}; expected 1.0 ({TD0})"
    assert np.allclose(V, [2.5, 1.0, 0.0]), (
        f"after td0_update V is {V}; expected [2.5, 1, 0]: only V[s] changes, in place ({TD0})"
    )


def test_td0_update_does_not_bootstrap_from_a_terminal_state(td):
    """From warm, fast overheats (-10, terminal): sample = -10, not -10 + gamma V(overheated).
    V(overheated) = 5 here (whatever a terminal state's entry holds, it is never used)."""
    V = np.array([0.0, 1.0, 5.0])
    delta = call(td.td0_update, V, 1, -10.0, 2, True, 1.0, 1.0)
    assert delta == pytest.approx(-11.0) and V[1] == pytest.approx(-10.0), (
        f"got delta {delta}, V(warm) {V[1]}; expected -11 and -10: a terminal transition has no "
        "next state: the sample is just r (do not add gamma V(s'))"
    )
    assert V[2] == 5.0, "td0_update changed V[s_next]: only V[s] changes"


def test_q_learning_update_takes_the_max(ql):
    """Q(cool, fast) <- 0.5 * 1 + 0.5 * (2 + 0.9 * max(3, 4)) = 3.3; delta = 5.6 - 1 = 4.6."""
    Q = np.array([[0.0, 1.0], [3.0, 4.0], [0.0, 0.0]])
    delta = call(ql.q_learning_update, Q, 0, 1, 2.0, 1, False, 0.5, 0.9)
    assert delta == pytest.approx(4.6), f"q_learning_update returned {delta}; expected 4.6"
    assert Q[0, 1] == pytest.approx(3.3), f"Q(cool, fast) is {Q[0, 1]}; expected 3.3 ({Q_UPDATE})"
    assert np.count_nonzero(Q != np.array([[0.0, 3.3], [3.0, 4.0], [0.0, 0.0]])) == 0, (
        "q_learning_update changed other entries of Q than Q[s, a]"
    )


def test_q_learning_update_does_not_bootstrap_from_a_terminal_state(ql):
    """From warm, fast overheats (-10, terminal): target = -10, whatever Q(overheated, .) holds
    (here 3 and 4: a terminal state's entries are never used). delta = -10 - 0; Q(warm, fast) =
    0.5 * 0 + 0.5 * (-10) = -5."""
    Q = np.array([[1.0, 2.0], [1.0, 0.0], [3.0, 4.0]])
    delta = call(ql.q_learning_update, Q, 1, 1, -10.0, 2, True, 0.5, 0.9)
    assert delta == pytest.approx(-10.0) and Q[1, 1] == pytest.approx(-5.0), (
        f"got delta {delta}, Q(warm, fast) {Q[1, 1]}; expected -10 and -5: {TERMINAL}"
    )
    assert np.count_nonzero(Q != np.array([[1.0, 2.0], [1.0, -5.0], [3.0, 4.0]])) == 0, (
        "q_learning_update changed other entries of Q than Q[s, a]"
    )


def test_epsilon_greedy_extremes(ql):
    rng = np.random.default_rng(0)
    q_values = np.array([0.0, 2.0, 2.0])
    greedy = {call(ql.epsilon_greedy, q_values, 0.0, rng) for _ in range(50)}
    assert greedy == {1}, (
        f"with epsilon 0 you picked {greedy}; expected only action 1 (the "
        "argmax, ties to the lowest index)"
    )
    random_actions = {call(ql.epsilon_greedy, q_values, 1.0, rng) for _ in range(300)}
    assert random_actions == {0, 1, 2}, (
        f"with epsilon 1 you picked only {random_actions}; a random action is uniform over "
        "all actions, the greedy one included"
    )


def test_linear_q_update_moves_only_the_taken_action(ql):
    """Q(s,a) = w_a . s + b_a; delta = 1 + 0.5 * max(1, 0) - 0 = 1.5; w_1 += 0.1 * 1.5 * x."""
    W, b = np.zeros((2, 2)), np.zeros(2)
    W[0] = [1.0, 0.0]
    x, x_next = np.array([0.0, 1.0]), np.array([1.0, 0.0])
    delta = call(ql.linear_q_update, W, b, x, 1, 1.0, x_next, False, 0.1, 0.5)
    assert delta == pytest.approx(1.5), f"linear_q_update returned {delta}; expected 1.5"
    assert np.allclose(W, [[1.0, 0.0], [0.0, 0.15]]) and np.allclose(b, [0.0, 0.15]), (
        f"W = {W.tolist()}, b = {b.tolist()}; expected W = [[1, 0], [0, 0.15]], b = [0, 0.15]: "
        "only action a's weights and bias move, by alpha * delta * x and alpha * delta"
    )


def test_linear_q_update_does_not_bootstrap_from_a_terminal_state(ql):
    """Same W, b, x, x_next as above but done: Q(x_next, .) = (1, 0) is not used, target = r = 1;
    delta = 1 - Q(x, 1) = 1 - 0 = 1; w_1 += 0.1 * 1 * x; b_1 += 0.1 * 1."""
    W, b = np.zeros((2, 2)), np.zeros(2)
    W[0] = [1.0, 0.0]
    x, x_next = np.array([0.0, 1.0]), np.array([1.0, 0.0])
    delta = call(ql.linear_q_update, W, b, x, 1, 1.0, x_next, True, 0.1, 0.5)
    assert delta == pytest.approx(1.0), f"linear_q_update returned {delta}; expected 1: {TERMINAL}"
    assert np.allclose(W, [[1.0, 0.0], [0.0, 0.1]]) and np.allclose(b, [0.0, 0.1]), (
        f"W = {W.tolist()}, b = {b.tolist()}; expected W = [[1, 0], [0, 0.1]], b = [0, 0.1]: "
        f"{TERMINAL}"
    )


def test_q_learning_finds_the_racing_policy(ql):
    """Racing with gamma 0.9: Q*(cool) = (14.95, 15.5), Q*(warm) = (14.5, -10), so the optimal
    policy drives fast when cool and slow when warm. 300 episodes of Q-learning find it (checked
    on 100 seeds of the reference)."""
    env = envs.TabularEnv(envs.racing(gamma=0.9), max_steps=50)
    Q = call(ql.q_learning, env, 300, 0.1, 0.9, 0.2, 0)
    assert isinstance(Q, np.ndarray) and Q.shape == (3, 2), (
        f"q_learning must return a numpy array of shape (3, 2); got {type(Q).__name__} "
        f"{getattr(Q, 'shape', '')}"
    )
    assert np.all(np.isfinite(Q)), "q_learning returned NaN or infinity"
    policy = np.argmax(Q[:2], axis=1)
    assert list(policy) == [1, 0], (
        f"your greedy policy is {['slow', 'fast'][policy[0]]} when cool and "
        f"{['slow', 'fast'][policy[1]]} when warm; expected fast when cool, slow when warm "
        f"(your Q: {np.round(Q, 2).tolist()}). {Q_UPDATE}"
    )
