"""The property diagnoses of reward_to_go and reinforce_loss (autograder/grade/properties/
reinforce.py): each fires on the known mistakes it names and never on correct code.

Cheap, no build: the probes run here on trusted code (the reference, correct alternatives, the
bank's variants), and the grader's property tests read their raw outputs.
"""

from __future__ import annotations

import types

import pytest
from submissions import REPO

from autograder import scheme
from autograder.build import expected, variants
from autograder.grade.properties import reinforce as properties
from autograder.sandbox.probes import reinforce as probes

REFERENCE = (REPO / "solutions" / "reinforce.py").read_text()

# Correct code written otherwise (tests/variants/correct): the reference and its alternatives.
CORRECT = {"reference": REFERENCE} | {
    v.id: variants.source(v) for v in variants.load("correct", "reinforce")
}

# The first property each bank mistake violates, on the cases where its outputs differ.
FIRES = {
    "reinforce_reward_to_go_forward": properties.RTG_FUTURE.id,
    "reinforce_reward_to_go_absolute_discount": properties.RTG_DISCOUNT.id,
    "reinforce_wrong_sign": properties.LOSS_SIGN.id,
    "reinforce_per_step_reward": properties.LOSS_WEIGHTING.id,
    "reinforce_mean_over_time_steps": properties.LOSS_MEAN.id,
}
# Mistakes the bank does not list, each with the property it must get (tests/variants/unnamed).
UNLISTED = [v for v in variants.load("unnamed", "reinforce") if "PROPERTY" in v.meta]
CHECKS = {
    "reinforce.reward_to_go": properties.reward_to_go_violation,
    "reinforce.loss_gradient": properties.loss_violation,
}


def _module(source: str):
    module = types.ModuleType("reinforce")
    exec(compile(source, "reinforce.py", "exec"), module.__dict__)  # trusted code only
    return module


def _violations(source: str) -> dict:
    """{(check id, case id): the violated property's id, or ''} on every case."""
    module = _module(source)
    found = {}
    for check_id, test in CHECKS.items():
        check = scheme.check(check_id)
        for case_id, case in check.cases.items():
            outputs = getattr(probes, check.probe)(module, case)
            line = test(case, outputs)
            found[(check_id, case_id)] = getattr(line, "property_id", "") if line else ""
    return found


@pytest.mark.parametrize("name", list(CORRECT))
def test_no_property_fires_on_correct_code(name):
    found = _violations(CORRECT[name])
    assert not {key: prop for key, prop in found.items() if prop}, name


MISTAKES = [m.id for m in expected.load_mistakes("reinforce")]


@pytest.mark.parametrize("mistake_id", MISTAKES)
def test_each_bank_mistake_gets_its_property_and_no_other(mistake_id):
    found = _violations(expected.variant_source(mistake_id))
    fired = {prop for prop in found.values() if prop}
    if mistake_id in FIRES:
        assert fired == {FIRES[mistake_id]}, found
    else:
        assert fired == set(), found


@pytest.mark.parametrize("variant", UNLISTED, ids=[v.id for v in UNLISTED])
def test_what_the_bank_does_not_list_gets_its_property(variant):
    fired = {p for p in _violations(variants.source(variant)).values() if p}
    assert fired == {variant.meta["PROPERTY"]}


def test_a_violated_property_reads_as_the_lecture():
    case = scheme.check("reinforce.reward_to_go").cases["gamma0.9"]
    module = _module(expected.variant_source("reinforce_reward_to_go_forward"))
    line = properties.reward_to_go_violation(case, probes.reward_to_go(module, case))
    assert line.property_id == "reward_to_go.sums_the_future"
    assert line.startswith("**What is wrong: `reward_to_go`.** Must hold: G_t sums the rewards")
    assert "G_single_reward" not in line and "G_one_step" not in line  # no probe names
