"""Part 5, REINFORCE: the loss and its gradient, reward-to-go, unbiasedness, the policy."""

import numpy as np

from autograder import scheme
from autograder.grading import graded, header


@graded("reinforce.loss_gradient", 1)
def test_reinforce_loss_gradient(grader, case_id):
    """reinforce_loss: value and gradient on fixed trajectories"""
    grader.assert_matches(scheme.check("reinforce.loss_gradient"), case_id)


@graded("reinforce.reward_to_go", 2)
def test_reward_to_go(grader, case_id):
    """reward_to_go: G_t = sum_{t' >= t} gamma^(t'-t) r_t'"""
    grader.assert_matches(scheme.check("reinforce.reward_to_go"), case_id)


@graded("reinforce.gradient_estimates", 3)
def test_estimator_is_unbiased(grader, case_id):
    """reinforce_loss: the estimator is unbiased (mean of many estimates = grad J)"""
    check = scheme.check("reinforce.gradient_estimates")
    case = check.case(case_id)
    got = grader.actual(check, case_id)
    exact = grader.expected.reference(scheme.check("reinforce.exact"), case_id)["gradient"]
    stderr = got["std"] / np.sqrt(case["batches"])
    off = np.abs(got["mean"] - exact) / np.maximum(stderr, 1e-12)
    assert np.all(off <= 5.0), header(check, case_id) + (
        f"Averaged over {case['batches']} independent estimates, minus the gradient of your loss "
        f"is {off.max():.1f} standard errors away from the exact grad J(theta) of a tiny MDP "
        "(computed in closed form). A correct estimator is unbiased. Check the sign (the loss "
        "is *minus* the objective), that each log-probability is weighted by the whole "
        "trajectory's return, and that you average over trajectories, not over time steps."
        f"\n\nRe-read the lecture: `{check.formula}`")


@graded("reinforce.policy_network", 4)
def test_policy_network(grader, case_id):
    """PolicyNetwork: logits and a Categorical distribution"""
    grader.assert_matches(scheme.check("reinforce.policy_network"), case_id)


@graded("reinforce.train", 5)
def test_train_reinforce_improves(grader, case_id):
    """train_reinforce: improves on CartPole-v1 within 30 iterations"""
    check = scheme.check("reinforce.train")
    case = check.case(case_id)
    returns = grader.actual(check, case_id)["returns"]
    first, last = float(np.mean(returns[:case["last"]])), float(np.mean(returns[-case["last"]:]))
    assert last >= case["min_return"] and last >= case["min_improvement"] * first, header(
        check, case_id) + (
        f"Your first {case['last']} episodes average {first:.1f} and your last {last:.1f}; a "
        f"correct REINFORCE reaches at least {case['min_return']:g} and "
        f"{case['min_improvement']:g} times its start. Check the sign of the loss and that "
        "the optimizer steps on it after every batch of episodes.")
