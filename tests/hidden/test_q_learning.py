"""Part 3, Q-learning: exact updates on fixed streams, epsilon-greedy's frequencies, learning Q*.

Each test is one check of the grading scheme on one case; its name, weight, number, visibility
and verdict come from `autograder.scheme` and `autograder.grade.verdicts`."""

from autograder.grade.session import graded


@graded("q_learning.update_stream")
def test_q_learning_update_stream(grader, case_id):
    grader.judge("q_learning.update_stream", case_id)


@graded("q_learning.epsilon_greedy")
def test_epsilon_greedy_frequencies(grader, case_id):
    grader.judge("q_learning.epsilon_greedy", case_id)


@graded("q_learning.learning")
def test_q_learning_approaches_q_star(grader, case_id):
    grader.judge("q_learning.learning", case_id)


@graded("q_learning.linear_update_stream")
def test_linear_q_update_stream(grader, case_id):
    grader.judge("q_learning.linear_update_stream", case_id)
