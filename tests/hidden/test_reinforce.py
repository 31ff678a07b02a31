"""Part 5, REINFORCE: the loss and its gradient, reward-to-go, unbiasedness, the policy."""

import numpy as np

from autograder import scheme
from autograder.grading import graded, header, known_mistake, learning_verdict


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
    if np.all(off <= 5.0):
        return
    mistake = grader.diagnose(check, case_id, got)
    raise AssertionError(header(check, case_id) + (
        f"Averaged over {case['batches']} independent estimates, minus the gradient of your loss "
        f"is {off.max():.1f} standard errors away from the exact grad J(theta) of a tiny MDP "
        "(computed in closed form). A correct estimator is unbiased. Check the sign (the loss "
        "is *minus* the objective), that each log-probability is weighted by the whole "
        "trajectory's return, and that you average over trajectories, not over time steps.")
        + (f"\n\n{known_mistake(mistake)}" if mistake else "")
        + f"\n\nRe-read the lecture: `{check.formula}`")


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
    passes, last, first = learning_verdict(case, returns)
    assert passes, header(check, case_id) + (
        f"Your first {case['last']} episodes average {first:.1f} and your last {last:.1f}; a "
        f"correct REINFORCE reaches at least {case['min_return']:g} and "
        f"{case['min_improvement']:g} times its start. Check the sign of the loss and that "
        "the optimizer steps on it after every batch of episodes.")


@graded("reinforce.train_update", 6)
def test_train_reinforce_update(grader, case_id):
    """train_reinforce: its update follows reinforce_loss on the episodes it played"""
    check = scheme.check("reinforce.train_update")
    case = check.case(case_id)
    got = grader.actual(check, case_id)
    lines = []
    if int(got["episodes"]) != case["episodes_per_iteration"]:
        lines.append(f"With episodes_per_iteration={case['episodes_per_iteration']}, one "
                     f"iteration of train_reinforce played {int(got['episodes'])} episodes: "
                     "play exactly N episodes per iteration, each until terminated or truncated.")
    elif not bool(got["moved"]):
        lines.append("One iteration of train_reinforce did not change the policy's parameters: "
                     "call loss.backward() and optimizer.step() once per iteration.")
    elif not bool(got["loss_has_gradient"]):
        lines.append("Your reinforce_loss gives no gradient on the episodes train_reinforce "
                     "played, so its update cannot be judged: fix reinforce_loss first.")
    elif float(got["agreement"]) < 0.99:
        lines.append(
            f"The first update of train_reinforce moved {100 * (1 - float(got['agreement'])):.0f}"
            "% of the policy's parameters the wrong way for the gradient of *your own* "
            "reinforce_loss on the episodes it played (the first Adam step moves every "
            "parameter against its gradient's sign). Compute log pi_theta(a_t | s_t) of the "
            "actions you took, with gradient, and step on reinforce_loss(log_probs, rewards).")
        if float(got["agreement_with_greedy_actions"]) >= 0.99:
            lines.append(grader.named("reinforce_log_prob_of_argmax"))
    if lines:
        raise AssertionError(header(check, case_id) + "\n\n".join(lines)
                             + f"\n\nRe-read the lecture: `{check.formula}`")
