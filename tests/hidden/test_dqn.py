"""Part 4, Deep Q-learning: the lecture's network, replay memory, loss with a frozen target.

Each test is one check of the grading scheme on one case; its name, weight, number, visibility
and verdict come from `autograder.scheme` and `autograder.grade.verdicts`."""

from gradescope_utils.autograder_utils.decorators import leaderboard

from autograder.grade.session import graded


@graded("dqn.network")
def test_q_network(grader, case_id):
    grader.judge("dqn.network", case_id)


@graded("dqn.replay_buffer")
def test_replay_buffer(grader, case_id):
    grader.judge("dqn.replay_buffer", case_id)


@graded("dqn.loss")
def test_dqn_loss(grader, case_id):
    grader.judge("dqn.loss", case_id)


@graded("dqn.target_update")
def test_update_target(grader, case_id):
    grader.judge("dqn.target_update", case_id)


@graded("dqn.epsilon_schedule")
def test_epsilon_schedule(grader, case_id):
    grader.judge("dqn.epsilon_schedule", case_id)


@leaderboard("Catch return (last 20 episodes)")
@graded("dqn.train")
def test_train_dqn_learns_catch(grader, case_id, set_leaderboard_value=None):
    grader.judge("dqn.train", case_id, leaderboard=set_leaderboard_value)


@graded("dqn.train_transitions")
def test_train_dqn_stores_transitions(grader, case_id):
    grader.judge("dqn.train_transitions", case_id)


@graded("dqn.train_steps")
def test_train_dqn_follows_algorithm_1_step_by_step(grader, case_id):
    grader.judge("dqn.train_steps", case_id)
