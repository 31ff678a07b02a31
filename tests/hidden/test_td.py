"""Part 2, TD(0): exact updates on fixed transition streams, then learning toward V^pi."""

from autograder import scheme
from autograder.grading import graded


@graded("td.update_stream", 1)
def test_td0_update_stream(grader, case_id):
    """td0_update: TD(0) updates on a fixed stream of transitions"""
    grader.assert_matches(scheme.check("td.update_stream"), case_id)


@graded("td.evaluate", 2)
def test_td0_evaluate_approaches_v_pi(grader, case_id):
    """td0_evaluate: approaches the exact V^pi"""
    grader.assert_near_exact(scheme.check("td.evaluate"), case_id, "td.exact", "V", "V^pi")
