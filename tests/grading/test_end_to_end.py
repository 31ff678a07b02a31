"""The grading spine end to end: run_autograder on real and broken submissions.

Every submission here is graded exactly as Gradescope would grade it (a folder laid out like
/autograder, the same run_autograder script, the sandbox as root in CI).
"""

import pytest
from submissions import (
    entries_of,
    grade,
    graded_reference,
    only,
    reference_source,
    submission_with,
)

from autograder import scheme
from autograder.build import variants
from autograder.grade.main import total_points


@pytest.fixture(scope="module")
def reference_results():
    return graded_reference()


@pytest.fixture(scope="module")
def starter_results(tmp_path_factory):
    return grade(submission_with(tmp_path_factory.mktemp("starter"), {}, base="starter"))


def test_solutions_score_full_marks(reference_results):
    failed = [t["name"] for t in reference_results["tests"] if t["status"] != "passed"]
    assert not failed, f"the reference fails: {failed[:5]}"
    assert reference_results["score"] == pytest.approx(total_points())


def test_every_check_and_case_is_a_test(reference_results):
    for check in scheme.CHECKS:
        if check.reference_only:
            continue
        entries = entries_of(reference_results, check.id)
        assert len(entries) == len(check.cases), check.id
        assert sum(t["max_score"] for t in entries) == pytest.approx(check.points)
        # named by the scheme's title and the case id
        assert sorted(t["name"] for t in entries) == sorted(
            f"{check.title} [{case_id}]" for case_id in check.cases
        ), check.id


def test_starter_scores_zero_with_clear_messages(starter_results):
    assert starter_results["score"] == 0
    assert starter_results["tests"], "the starter must still produce every test"
    for test in starter_results["tests"]:
        assert test["status"] == "failed"
        assert "not implemented yet" in test["output"], test["output"]
        assert "Traceback" not in test["output"]


def test_summary_says_how_many_tests_are_not_shown_yet(reference_results):
    later = [t for t in reference_results["tests"] if t["visibility"] != "visible"]
    assert later, "the scheme hides some checks until the due date"
    assert f"{len(later)} more tests" in reference_results["output"]


def test_missing_file_is_named_and_other_parts_still_graded(tmp_path):
    outcome = grade(
        submission_with(tmp_path, {"dp.py": None, "dqn.py": None, "reinforce.py": None})
    )
    assert "Missing (those parts score 0): `dp.py`, `dqn.py`, `reinforce.py`" in outcome["output"]
    assert all("has no `dp.py`" in t["output"] for t in entries_of(outcome, "dp.backup_v"))
    other_parts = sum(
        c.points
        for c in scheme.CHECKS
        if c.part not in ("dp", "dqn", "reinforce") and not c.reference_only
    )
    assert outcome["score"] == pytest.approx(other_parts)


def test_syntax_error_shows_the_line(tmp_path):
    broken = reference_source("dp.py").replace("def greedy_policy(Q):", "def greedy_policy(Q)")
    outcome = grade(submission_with(tmp_path, only({"dp.py": broken})))
    assert outcome["score"] == 0
    message = entries_of(outcome, "dp.backup_v")[0]["output"]
    assert "SyntaxError" in message and "def greedy_policy(Q)" in message


def test_raising_at_import_is_reported_once_per_test_not_as_a_grader_error(tmp_path):
    source = reference_source("dp.py") + "\nraise RuntimeError('oops at import')\n"
    outcome = grade(submission_with(tmp_path, only({"dp.py": source})))
    assert outcome["score"] == 0
    for test in outcome["tests"]:
        if any(tag.startswith("dp.") for tag in test.get("tags", [])):
            assert "RuntimeError: oops at import" in test["output"]
        assert "internal error" not in test["output"]


def test_wrong_shape_and_wrong_type_get_their_own_message(tmp_path):
    source = (
        reference_source("dp.py")
        + """

def bellman_backup_v(mdp, V):
    return bellman_backup_q(mdp, np.tile(V[:, None], (1, mdp.num_actions)))


def greedy_policy(Q):
    return list(np.argmax(Q, axis=1))
"""
    )
    outcome = grade(submission_with(tmp_path, only({"dp.py": source})))
    backup = entries_of(outcome, "dp.backup_v")
    assert all(t["score"] == 0 for t in backup)
    assert "Did you return Q" in backup[0]["output"]
    greedy = entries_of(outcome, "dp.greedy_policy")
    assert all("returned a list; return a numpy array" in t["output"] for t in greedy)
    # The other functions are still graded and still right.
    assert all(t["status"] == "passed" for t in entries_of(outcome, "dp.backup_q"))


def test_known_mistake_loses_points_and_is_named(tmp_path):
    source = variants.source(variants.by_id("mistakes")["dp_in_place_backup"])
    outcome = grade(submission_with(tmp_path, only({"dp.py": source})))
    failed = [t for t in entries_of(outcome, "dp.backup_v") if t["status"] == "failed"]
    assert failed, "an in-place backup must fail the backup check"
    assert all("in-place (Gauss-Seidel)" in t["output"] for t in failed)
    assert "Re-read the lecture's formula" in failed[0]["output"]


def test_hidden_feedback_shows_no_expected_values(tmp_path):
    source = (
        reference_source("dp.py")
        + """

def bellman_backup_v(mdp, V):
    return 0.5 * np.sum(mdp.P * (mdp.R + mdp.gamma * V), axis=2).max(axis=1)
"""
    )
    outcome = grade(submission_with(tmp_path, only({"dp.py": source})))
    racing = [t for t in entries_of(outcome, "dp.backup_v") if "[racing]" in t["name"]][0]
    assert racing["status"] == "failed"
    assert "your value" in racing["output"] and "expected" not in racing["output"].lower()


def test_deep_bad_input_gets_clear_messages_and_the_rest_is_graded(tmp_path):
    """A network of the wrong architecture, a loss of the wrong shape or type, NaN returns."""
    dqn = (
        reference_source("dqn.py")
        + """

class QNetwork(QNetwork):
    def __init__(self, in_channels, num_actions, frame_size=84):
        super().__init__(in_channels, num_actions, frame_size)
        self.conv1 = nn.Conv2d(in_channels, 16, kernel_size=8, stride=2)  # not the lecture's


_reference_loss = dqn_loss


def dqn_loss(q_net, target_net, batch, gamma):
    return _reference_loss(q_net, target_net, batch, gamma) * torch.ones(len(batch.actions))


def train_dqn(env, num_steps, **kwargs):
    return [float("nan")] * 30
"""
    )
    reinforce = (
        reference_source("reinforce.py")
        + """

def reinforce_loss(log_probs, rewards):
    return -float(sum(lp.sum() * sum(r) for lp, r in zip(log_probs, rewards))) / len(log_probs)


def train_reinforce(env, num_iterations, **kwargs):
    return []
"""
    )
    outcome = grade(submission_with(tmp_path, only({"dqn.py": dqn, "reinforce.py": reinforce})))

    def outputs(check_id):
        entries = entries_of(outcome, check_id)
        assert entries and all(t["score"] == 0 for t in entries), check_id
        return " ".join(t["output"] for t in entries)

    assert "failed on a batch of shape (3, 4, 84, 84)" in outputs("dqn.network")
    assert "32 * 9 * 9 = 2592" in outputs("dqn.network")
    assert "dqn_loss returned shape (" in outputs("dqn.loss")
    assert "contains NaN" in outputs("dqn.train")
    assert "took 0 env steps: take exactly num_steps steps" in outputs("dqn.train_transitions")
    assert "reinforce_loss returned a float" in outputs("reinforce.loss_gradient")
    assert "finished no episode in the environment it was given" in outputs("reinforce.train")
    for check_id in (
        "dqn.replay_buffer",
        "dqn.target_update",
        "dqn.epsilon_schedule",
        "reinforce.reward_to_go",
        "reinforce.policy_network",
    ):
        assert all(t["status"] == "passed" for t in entries_of(outcome, check_id)), check_id
    for test in outcome["tests"]:
        assert "Traceback" not in test["output"] or "raised an exception" in test["output"]
