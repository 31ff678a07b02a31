"""Every probe output has a description in the contract's words and names for its axes
(autograder/grade/outputs.py), and the feedback uses them, never the probe's array names."""

from __future__ import annotations

import numpy as np
import pytest
from bank import expected_dir

from autograder import scheme
from autograder.grade import feedback, outputs
from autograder.grade.expected_data import ExpectedData

GRADED = [c for c in scheme.CHECKS if not c.reference_only]


@pytest.mark.parametrize("check", GRADED, ids=[c.id for c in GRADED])
def test_every_output_of_every_probe_has_a_description_and_its_axes(check):
    data = ExpectedData(expected_dir())
    rows = outputs.OUTPUTS.get(check.id, {})
    for case_id in check.cases:
        for name, array in data.reference(check, case_id).items():
            assert name in rows, f"{check.id}: output {name!r} (case {case_id}) has no description"
            row = rows[name]
            assert len(row.axes) == array.ndim, (check.id, name, row.axes, array.shape)
            assert row.text and not row.text.endswith("."), (check.id, name)
            if "_" in name:  # a probe's internal name never shows
                assert name not in row.text, (check.id, name)


def test_no_description_for_an_output_that_no_longer_exists():
    data = ExpectedData(expected_dir())
    for check_id, rows in outputs.OUTPUTS.items():
        check = scheme.check(check_id)
        names = {n for case_id in check.cases for n in data.reference(check, case_id)}
        assert set(rows) <= names, f"{check_id}: {sorted(set(rows) - names)}"


def test_a_wrong_shape_says_what_was_expected_of_which_call():
    check = scheme.check("dqn.replay_buffer")
    message = feedback.shape_problem(check, "sampled_obs", np.zeros(160), np.zeros(100))
    assert "sampled_obs" not in message
    assert message.startswith(
        "The obs field of every transition ReplayBuffer.sample(batch_size) returned: shape (100,)"
    )
    missing = feedback.shape_problem(check, "sampled_obs", np.zeros(160), None)
    assert "sampled_obs" not in missing and "not returned" in missing


def test_an_input_returned_after_the_call_is_named_as_the_input():
    check = scheme.check("dp.backup_v")
    message = feedback.shape_problem(
        check, "input_after_the_call.mdp.R", np.zeros((3, 2, 3)), np.zeros(3)
    )
    assert message.startswith("mdp.R (as it was after the call): shape (3,)")
    assert "input_after" not in message


def test_mismatching_entries_are_named_by_their_axes():
    check = scheme.check("td.update_stream")
    expected = np.zeros((4, 5))
    got = expected.copy()
    got[3, 3] = 1.0
    report = feedback.mismatch_report("V", got, expected, check)
    assert "| update step 3, state 3 | 1 |" in report
    assert report.startswith("V after each td0_update call of the stream")
    assert "`V`" not in report


def test_an_unknown_output_is_described_by_its_function_and_bare_index():
    check = scheme.check("dp.backup_v")
    assert outputs.describe(check, "something_new") == "one of the outputs of `bellman_backup_v`"
    assert outputs.where(check, "something_new", (2, 1)) == "(2, 1)"
