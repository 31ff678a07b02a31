"""Part 1, dynamic programming: hidden checks on the lecture's MDPs and seeded random MDPs.

Each test is one check of the grading scheme on one case; weights, numbers and visibility come
from `autograder.scheme`, so this file holds only what each check asserts.
"""

from autograder import scheme
from autograder.grading import graded


@graded("dp.backup_v", 1)
def test_backup_v(grader, case_id):
    """bellman_backup_v: one synchronous backup of V"""
    grader.assert_matches(scheme.check("dp.backup_v"), case_id)


@graded("dp.k_backups", 2)
def test_three_backups(grader, case_id):
    """value_iteration: V^3 after exactly three backups (max_iters=3)"""
    grader.assert_matches(scheme.check("dp.k_backups"), case_id)


@graded("dp.value_iteration", 3)
def test_value_iteration(grader, case_id):
    """value_iteration: converges to V*"""
    grader.assert_matches(scheme.check("dp.value_iteration"), case_id)


@graded("dp.stopping_rule", 4)
def test_stopping_rule(grader, case_id):
    """value_iteration: stops at the first iterate that moved less than tol"""
    grader.assert_matches(scheme.check("dp.stopping_rule"), case_id)


@graded("dp.backup_q", 5)
def test_backup_q(grader, case_id):
    """bellman_backup_q: one synchronous Q-iteration backup"""
    grader.assert_matches(scheme.check("dp.backup_q"), case_id)


@graded("dp.q_iteration", 6)
def test_q_iteration(grader, case_id):
    """q_iteration: converges to Q*"""
    grader.assert_matches(scheme.check("dp.q_iteration"), case_id)


@graded("dp.greedy_policy", 7)
def test_greedy_policy(grader, case_id):
    """greedy_policy: argmax_a Q(s, a), ties to the lowest action index"""
    grader.assert_matches(scheme.check("dp.greedy_policy"), case_id)
