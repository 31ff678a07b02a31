"""Grading is a function of the submission: the same files graded twice give the same
results.json (scores, statuses, every message), timings aside.

Gradings run at once, as they may on a shared machine (each has a sandbox user of its own as
root), which is also what keeps this test affordable; the reference's first grading is the one
the end-to-end tests share (submissions.graded_reference), graded alone.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from submissions import grade, graded_reference, submission_with

from autograder import scheme
from autograder.build import variants

RUNS = 2  # gradings of each submission (the reference: its shared grading and one more)
# Three dp mistakes and a print (tests/variants/unnamed): some checks pass, some fail.
BUGGY_DP = variants.by_id("unnamed")["dp_mixed_bag_with_a_print"]


TIMING = re.compile(r"\d+(\.\d+)? ?(s|ms|seconds)\b")


def _comparable(outcome: dict) -> str:
    """results.json without what legitimately varies: the run's execution time and the per-part
    timings in extra_data."""
    outcome = {
        key: value for key, value in outcome.items() if key not in ("execution_time", "extra_data")
    }
    return TIMING.sub("<time>", json.dumps(outcome, sort_keys=True, indent=1))


def _at_once(folder, runs: int) -> list:
    with ThreadPoolExecutor(runs) as pool:
        return [_comparable(o) for o in pool.map(lambda _: grade(folder), range(runs))]


@pytest.mark.parametrize("which", ["reference", "buggy"])
def test_the_same_submission_gets_the_same_results_twice(which, tmp_path):
    if which == "reference":  # every part: the stochastic ones too (seeded)
        folder = submission_with(tmp_path, {})
        first, *others = [_comparable(graded_reference()), *_at_once(folder, RUNS - 1)]
    else:
        folder = submission_with(tmp_path, {"dp.py": variants.source(BUGGY_DP)}, base=None)
        first, *others = _at_once(folder, RUNS)
    for other in others:
        assert other == first
    outcome = json.loads(first)
    dp_points = sum(c.points for c in scheme.checks_of("dp") if not c.reference_only)
    if which == "buggy":
        assert 0 < outcome["score"] < dp_points  # some checks pass, some fail: a real mix
        assert BUGGY_DP.meta["TOLD"] in first  # what the code printed is part of the output
