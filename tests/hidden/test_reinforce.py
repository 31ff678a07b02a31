"""Part 5, REINFORCE: the loss and its gradient, reward-to-go, unbiasedness, the policy.

Each test is one check of the grading scheme on one case; its name, weight, number, visibility
and verdict come from `autograder.scheme` and `autograder.grade.verdicts`."""

from autograder.grade.session import graded


@graded("reinforce.loss_gradient")
def test_reinforce_loss_gradient(grader, case_id):
    grader.judge("reinforce.loss_gradient", case_id)


@graded("reinforce.reward_to_go")
def test_reward_to_go(grader, case_id):
    grader.judge("reinforce.reward_to_go", case_id)


@graded("reinforce.gradient_estimates")
def test_estimator_is_unbiased(grader, case_id):
    grader.judge("reinforce.gradient_estimates", case_id)


@graded("reinforce.policy_network")
def test_policy_network(grader, case_id):
    grader.judge("reinforce.policy_network", case_id)


@graded("reinforce.train")
def test_train_reinforce_improves(grader, case_id):
    grader.judge("reinforce.train", case_id)


@graded("reinforce.train_update")
def test_train_reinforce_update(grader, case_id):
    grader.judge("reinforce.train_update", case_id)
