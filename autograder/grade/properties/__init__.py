"""Property diagnoses: what no mistake bank lists, named by the property that fails.

The bank names a mistake only when a submission's output equals a known mistake's output. A
property names what is wrong without a known output: the grader varies one input at a time (the
probes record the student's outputs on each variation, raw) and tests, in its own arithmetic,
one dependence the lecture's formula states, e.g. "the loss does not change when the target
network's non-maximal action values change". The feedback names the first property that fails,
in the lecture's words; results.json carries its id in the test's extra_data["properties"].

One module per part (`dp.py`, `td.py`, ...) defines that part's `Property` rows and the functions
that test them. A property may only be reported when it is violated for sure: a correct
alternative never gets a diagnosis (tests/grading/test_correct_alternatives.py).
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Property:
    id: str  # "<function>.<slug>", e.g. "dqn_loss.squared_error"
    function: str  # the contract name it is about (scheme.contract())
    statement: str  # what must hold, in the lecture's words (shown when it fails)
    hint: str = ""  # what to fix, one sentence


def violated(prop: Property, observed: str = ""):
    """The feedback line naming a violated property; it carries the property's id as data."""
    from autograder.grade.feedback import Named

    # No "expected" here: the feedback never shows (or seems to show) an expected value.
    text = f"**What is wrong: `{prop.function}`.** Must hold: {prop.statement}."
    if observed:
        text += f" Yours: {observed}."
    if prop.hint:
        text += f" {prop.hint}"
    line = Named(text)
    line.property_id = prop.id
    return line


def tests_of(check_id: str):
    """The function `(arrays, case) -> [(Property, observed)]` that tests a check's properties on
    its variations case, or None."""
    from autograder.grade.properties import dp, q_learning, td

    for module in (dp, td, q_learning):
        if check_id in module.VIOLATED:
            return module.VIOLATED[check_id]
    return None


def variations_case(check) -> str | None:
    """The id of the check's case whose inputs are varied one at a time, if it has one."""
    return next((cid for cid, case in check.cases.items() if case.get("variations")), None)


def first_violated(session, check):
    """The feedback line of the first property the submission surely violates on the check's
    variations case, or "" (no such case, it did not run cleanly, or nothing is violated)."""
    test, case_id = tests_of(check.id), variations_case(check)
    if test is None or case_id is None:
        return ""
    try:
        arrays = session.actual(check, case_id)
    except AssertionError:
        return ""
    found = test(arrays, check.case(case_id))
    return violated(*found[0]) if found else ""
