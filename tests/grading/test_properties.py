"""Property diagnoses (autograder/grade/properties) fire on the mistakes they are meant for, name
the right property first, and never fire on correct code.

The mistakes' outputs are the stored ones of the expected data (the variations cases ran on every
mistake at build time). The correct alternatives of tests/variants/correct run the same
probes here, in this process (they are our own test code, not a submission), on the variations
cases only: a few milliseconds each.
"""

from __future__ import annotations

import types

import pytest
from bank import session_from_stored

from autograder import scheme
from autograder.build import expected, variants
from autograder.grade import properties
from autograder.grade.feedback import Failure
from autograder.grade.properties import dp as dp_properties
from autograder.grade.properties import q_learning as q_learning_properties
from autograder.grade.properties import td as td_properties
from autograder.sandbox.probes import dp as dp_probes
from autograder.sandbox.probes import q_learning as q_learning_probes
from autograder.sandbox.probes import td as td_probes

PROBES = {"dp": dp_probes, "td": td_probes, "q_learning": q_learning_probes}
CHECKS = [c for c in scheme.CHECKS if properties.tests_of(c.id)]

# Every property each bank mistake violates, in the order the feedback names them (the first is
# the one named). A mistake absent here violates none (its bank name is the diagnosis).
FIRES = {
    "dp_in_place_backup": {
        "dp.backup_v": [
            "bellman_backup_v.synchronous",
            "bellman_backup_v.expectation_over_next_states",
        ]
    },
    "dp_max_over_next_states": {
        "dp.backup_v": [
            "bellman_backup_v.expectation_over_next_states",
            "bellman_backup_v.reward_of_the_transition",
        ],
        "dp.backup_q": [
            "bellman_backup_q.expectation_over_next_states",
            "bellman_backup_q.reward_of_the_transition",
        ],
    },
    "dp_q_backup_mean_over_actions": {"dp.backup_q": ["bellman_backup_q.max_over_next_actions"]},
    "dp_q_in_place_backup": {
        "dp.backup_q": [
            "bellman_backup_q.synchronous",
            "bellman_backup_q.expectation_over_next_states",
            "bellman_backup_q.reward_of_the_transition",
        ]
    },
    "dp_reward_diagonal": {
        "dp.backup_v": ["bellman_backup_v.reward_of_the_transition"],
        "dp.backup_q": ["bellman_backup_q.reward_of_the_transition"],
    },
    "dp_reward_outside_expectation": {
        "dp.backup_v": ["bellman_backup_v.reward_of_the_transition"],
        "dp.backup_q": ["bellman_backup_q.reward_of_the_transition"],
    },
    "td_alpha_twice": {"td.update_stream": ["td0_update.step_linear_in_alpha"]},
    "td_bootstrap_through_terminal": {"td.update_stream": ["td0_update.no_bootstrap_when_done"]},
    "td_update_not_in_place": {"td.update_stream": ["td0_update.updates_V_s_in_place"]},
    "td_updates_next_state": {"td.update_stream": ["td0_update.updates_V_s_in_place"]},
    "q_learning_alpha_twice": {
        "q_learning.update_stream": ["q_learning_update.step_linear_in_alpha"]
    },
    "q_learning_bootstrap_through_terminal": {
        "q_learning.update_stream": ["q_learning_update.no_bootstrap_when_done"]
    },
    "q_learning_mean_target": {
        "q_learning.update_stream": ["q_learning_update.max_over_next_actions"]
    },
    "q_learning_updates_every_action": {
        "q_learning.update_stream": ["q_learning_update.updates_Q_sa_in_place"]
    },
}
MISTAKES = [m for m in expected.load_mistakes() if m.part in PROBES]


def _violated(check, arrays) -> list:
    case_id = properties.variations_case(check)
    return [p.id for p, _ in properties.tests_of(check.id)(arrays, check.case(case_id))]


def test_every_property_is_proven_on_a_mistake():
    defined = {
        p.id
        for module in (dp_properties, td_properties, q_learning_properties)
        for p in module.PROPERTIES
    }
    fired = {ids[0] for checks in FIRES.values() for ids in checks.values()}
    assert fired == defined, "a property that no bank mistake shows first is unproven"


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.id for m in MISTAKES])
def test_properties_fire_on_the_mistakes_they_are_meant_for(mistake):
    session = session_from_stored(mistake.id, mistake.part)
    for check in CHECKS:
        if check.part != mistake.part:
            continue
        arrays = session.actual(check, properties.variations_case(check))
        assert _violated(check, arrays) == FIRES.get(mistake.id, {}).get(check.id, []), check.id


@pytest.mark.parametrize("mistake", sorted(FIRES), ids=sorted(FIRES))
def test_the_feedback_names_the_first_violated_property(mistake):
    part = next(m.part for m in MISTAKES if m.id == mistake)
    session = session_from_stored(mistake, part)
    for check_id, ids in FIRES[mistake].items():
        check = scheme.check(check_id)
        with pytest.raises(Failure) as failure:
            session.judge(check_id, properties.variations_case(check))
        assert failure.value.properties == (ids[0],)
        assert "**What is wrong: `" in str(failure.value)


def test_no_property_fires_on_the_reference():
    for part in PROBES:
        session = session_from_stored("reference", part)
        for check in scheme.checks_of(part):
            if properties.tests_of(check.id):
                arrays = session.actual(check, properties.variations_case(check))
                assert _violated(check, arrays) == [], check.id


ALTERNATIVES = [
    (variant.id, variant.part, variants.source(variant))
    for variant in variants.load("correct")
    if variant.part in PROBES
]


@pytest.mark.parametrize(
    ("name", "part", "text"), ALTERNATIVES, ids=[n for n, _, _ in ALTERNATIVES]
)
def test_no_property_fires_on_a_correct_alternative(name, part, text):
    module = types.ModuleType(part)
    exec(compile(text, f"{name}/{part}.py", "exec"), module.__dict__)  # noqa: S102 - our own code
    for check in scheme.checks_of(part):
        if properties.tests_of(check.id):
            case = check.case(properties.variations_case(check))
            arrays = getattr(PROBES[part], check.probe)(module, case)
            assert _violated(check, arrays) == [], check.id
