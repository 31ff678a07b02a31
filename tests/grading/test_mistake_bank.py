"""Every known mistake loses points in the check meant to catch it, and is named there."""

import ast
from pathlib import Path

import pytest
from bank import run_check, session_from_stored

from autograder import scheme
from autograder.build import expected

MISTAKES = expected.load_mistakes()
HIDDEN = Path(__file__).resolve().parents[1] / "hidden"


def test_every_check_has_one_hidden_test_that_judges_it():
    """Each hidden test is `@graded(ID)` over one line, `grader.judge(ID, ...)`, same ID, and
    no docstring: its name is the scheme's title (a second copy of it drifted)."""
    judged = []
    for path in sorted(HIDDEN.glob("test_*.py")):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            tagged = [
                d.args[0].value
                for d in node.decorator_list
                if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "graded"
            ]
            assert len(tagged) == 1 and len(node.body) == 1, f"{path.name}: {node.name}"
            call = node.body[0].value
            assert call.func.attr == "judge" and call.args[0].value == tagged[0], node.name
            judged.append(tagged[0])
    graded = [c.id for c in scheme.CHECKS if not c.reference_only]
    assert sorted(judged) == sorted(graded)


def test_the_reference_passes_every_hidden_test_on_its_stored_outputs():
    for part in scheme.PARTS:
        session = session_from_stored("reference", part)
        for check in scheme.checks_of(part):
            if check.reference_only:
                continue
            failures = {k: v for k, v in run_check(session, check.id).items() if v}
            assert not failures, f"{check.id}: {failures}"


def test_the_bank_is_well_formed():
    assert len({m.name for m in MISTAKES}) == len(MISTAKES), "two mistakes share a name"
    for mistake in MISTAKES:
        assert mistake.part in scheme.PARTS, mistake.id
        assert mistake.id.startswith(f"{mistake.part}_"), mistake.id
        assert mistake.caught_by, f"{mistake.id} names no check that catches it"
        for check_id in mistake.caught_by:
            assert scheme.check(check_id).part == mistake.part, (mistake.id, check_id)
        assert mistake.explanation.endswith("."), mistake.id


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.id for m in MISTAKES])
def test_mistake_loses_points_and_is_named(mistake):
    session = session_from_stored(mistake.id, mistake.part)
    named = False
    for check_id in mistake.caught_by:
        messages = run_check(session, check_id)
        failing = [m for m in messages.values() if m]
        assert failing, f"{mistake.id} passes every case of {check_id}, which should catch it"
        named = named or any(mistake.name in m for m in failing)
        for message in failing:  # named in words exactly when named as data
            assert (f"Known mistake: {mistake.name}." in message) == (
                mistake.id in message.mistakes
            ), (mistake.id, check_id)
        for message in failing:
            for other in MISTAKES:
                if other.id != mistake.id and other.part == mistake.part:
                    assert f"Known mistake: {other.name}." not in message, (
                        f"{mistake.id} is misnamed as {other.id} in {check_id}"
                    )
    assert named, f"{mistake.id} loses points but is never named in its feedback"
