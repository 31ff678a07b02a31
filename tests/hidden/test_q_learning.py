"""Part 3, Q-learning: exact updates on fixed streams, epsilon-greedy's frequencies, learning Q*."""

import numpy as np

from autograder import scheme
from autograder.grading import graded


@graded("q_learning.update_stream", 1)
def test_q_learning_update_stream(grader, case_id):
    """q_learning_update: updates on a fixed stream of transitions"""
    grader.assert_matches(scheme.check("q_learning.update_stream"), case_id)


@graded("q_learning.epsilon_greedy", 2)
def test_epsilon_greedy_frequencies(grader, case_id):
    """epsilon_greedy: action frequencies match the documented rule"""
    grader.assert_frequencies(scheme.check("q_learning.epsilon_greedy"), case_id)


@graded("q_learning.learning", 3)
def test_q_learning_approaches_q_star(grader, case_id):
    """q_learning: approaches Q* and its greedy policy"""
    check = scheme.check("q_learning.learning")
    q_star = grader.assert_near_exact(check, case_id, "q_learning.exact", "Q", "Q*")
    Q = grader.actual(check, case_id)["Q"]
    # Where Q* prefers one action clearly, an estimate within max_error must prefer it too.
    ordered = np.sort(q_star, axis=1)
    clear = ordered[:, -1] - ordered[:, -2] > 2 * check.case(case_id)["max_error"]
    wrong = np.flatnonzero(clear & (np.argmax(Q, axis=1) != np.argmax(q_star, axis=1)))
    assert not len(wrong), (
        f"**{check.title}** (case `{case_id}`)\n\nYour greedy policy argmax_a Q(s, a) differs "
        f"from the optimal one in states {list(wrong[:5])}, where the best action is clear.")


@graded("q_learning.linear_update_stream", 4)
def test_linear_q_update_stream(grader, case_id):
    """linear_q_update: semi-gradient updates of Q(s,a) = w_a . s + b_a"""
    grader.assert_matches(scheme.check("q_learning.linear_update_stream"), case_id)
