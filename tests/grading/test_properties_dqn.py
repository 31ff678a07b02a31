"""The property diagnoses of dqn_loss (autograder/grade/properties/dqn.py): each fires on the
known mistakes it is meant for, and never on a correct loss, however it is written.

The probe's variations run in this process on each module (cheap: lookup networks, 14 losses per
case); the last test reads the stored outputs of the bank through the real verdict, so that the
violated property also reaches results.json as data.
"""

from __future__ import annotations

import types

import pytest
from bank import expected_dir

from autograder import scheme
from autograder.build import expected, variants
from autograder.grade.properties import dqn as properties
from autograder.grade.session import GradingSession
from autograder.sandbox.probes import dqn as probes
from autograder.sandbox.run import Outcome

CHECK = scheme.check("dqn.loss")

# The property each known mistake of dqn_loss violates first.
FIRES_ON = {
    "dqn_loss_max_over_actions": "dqn_loss.taken_action_only",
    "dqn_gather_broadcast": "dqn_loss.zero_at_target",
    "dqn_huber_loss": "dqn_loss.squared_error",
    "dqn_sum_instead_of_mean": "dqn_loss.batch_mean",
    "dqn_no_terminal_mask": "dqn_loss.terminal_no_bootstrap",
    "dqn_online_network_as_target": "dqn_loss.target_from_q_old",
    "dqn_target_taken_action": "dqn_loss.max_only",
    "dqn_missing_gamma": "dqn_loss.gamma_discounts",
    "dqn_target_not_detached": "dqn_loss.frozen_target",
}

# Correct losses written other ways (tests/variants/correct): none may get a diagnosis.
CORRECT_LOSSES = {"reference": variants.reference_source("dqn")} | {
    v.id: variants.source(v)
    for v in variants.load("correct", "dqn")
    if variants.proven_on(v, CHECK.id)
}


def module(source: str):
    found = types.ModuleType("dqn")
    exec(compile(source, "dqn.py", "exec"), found.__dict__)  # noqa: S102 - our own variants
    return found


def diagnoses(source: str) -> dict:
    """{case id: the first violated property's id, or None} over the loss check's cases."""
    loaded = module(source)
    found = {}
    for case_id, case in CHECK.cases.items():
        violated = properties.first_violated(probes._varied_losses(loaded, case))
        found[case_id] = violated[0].id if violated else None
    return found


@pytest.mark.parametrize("name", list(CORRECT_LOSSES))
def test_a_correct_loss_violates_no_property(name):
    assert diagnoses(CORRECT_LOSSES[name]) == dict.fromkeys(CHECK.cases)


@pytest.mark.parametrize("mistake_id", [m for m in FIRES_ON if m != "dqn_target_not_detached"])
def test_each_property_fires_on_the_mistakes_it_is_meant_for(mistake_id):
    assert set(diagnoses(expected.variant_source(mistake_id)).values()) == {FIRES_ON[mistake_id]}


def test_no_property_fires_on_the_other_dqn_mistakes():
    """Mistakes of other functions leave dqn_loss right: no diagnosis of dqn_loss."""
    for mistake in expected.load_mistakes("dqn"):
        if mistake.id not in FIRES_ON and "dqn.loss" not in mistake.caught_by:
            assert set(diagnoses(expected.variant_source(mistake.id)).values()) == {None}, (
                mistake.id
            )


def test_every_property_has_a_mistake_and_the_verdict_reports_it_as_data():
    """Through the real verdict on the stored outputs: the failure's properties are the one
    each mistake is meant for, in every case it fails."""
    assert set(FIRES_ON.values()) == {p.id for p in properties.PROPERTIES}
    for mistake_id, property_id in FIRES_ON.items():
        data = GradingSession.replaying(expected_dir(), {}).expected
        outcomes = {}
        for case_id in CHECK.cases:
            arrays = dict(data.mistake_outputs_by_id(CHECK, case_id, mistake_id))
            outcomes[CHECK.job_key(case_id)] = Outcome("ok", arrays=arrays)
        session = GradingSession.replaying(expected_dir(), {"dqn": outcomes})
        failing = 0
        for case_id in CHECK.cases:
            try:
                session.judge(CHECK.id, case_id)
            except AssertionError as failure:
                failing += 1
                assert failure.properties == (property_id,), (mistake_id, case_id)
                assert "**What is wrong: `dqn_loss`.**" in str(failure)
        assert failing, mistake_id
