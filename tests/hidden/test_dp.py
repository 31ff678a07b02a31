"""Part 1, dynamic programming: hidden checks on the lecture's MDPs and seeded random MDPs.

Each test is one check of the grading scheme on one case; its name, weight, number, visibility
and verdict come from `autograder.scheme` and `autograder.grade.verdicts`."""

from autograder.grade.session import graded


@graded("dp.backup_v")
def test_backup_v(grader, case_id):
    grader.judge("dp.backup_v", case_id)


@graded("dp.k_backups")
def test_three_backups(grader, case_id):
    grader.judge("dp.k_backups", case_id)


@graded("dp.value_iteration")
def test_value_iteration(grader, case_id):
    grader.judge("dp.value_iteration", case_id)


@graded("dp.stopping_rule")
def test_stopping_rule(grader, case_id):
    grader.judge("dp.stopping_rule", case_id)


@graded("dp.backup_q")
def test_backup_q(grader, case_id):
    grader.judge("dp.backup_q", case_id)


@graded("dp.q_iteration")
def test_q_iteration(grader, case_id):
    grader.judge("dp.q_iteration", case_id)


@graded("dp.greedy_policy")
def test_greedy_policy(grader, case_id):
    grader.judge("dp.greedy_policy", case_id)
