"""Part 2, TD(0): exact updates on fixed transition streams, then learning toward V^pi.

Each test is one check of the grading scheme on one case; its name, weight, number, visibility
and verdict come from `autograder.scheme` and `autograder.grade.verdicts`."""

from autograder.grade.session import graded


@graded("td.update_stream")
def test_td0_update_stream(grader, case_id):
    grader.judge("td.update_stream", case_id)


@graded("td.evaluate")
def test_td0_evaluate_approaches_v_pi(grader, case_id):
    grader.judge("td.evaluate", case_id)
