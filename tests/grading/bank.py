"""Run the hidden suite's own test functions on stored outputs, without a sandbox.

The expected data holds what every known mistake's variant produced on every case (the same
probes, at build time). Feeding those outputs to the hidden tests proves, cheaply, that each test
fails on the mistake it should catch and names it.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

from autograder import expected, runner, scheme
from autograder.grading import GradingSession

REPO = Path(__file__).resolve().parents[2]
HIDDEN = REPO / "tests" / "hidden"


def expected_dir() -> Path:
    return expected.ensure(REPO / "build" / "expected", log=lambda *_: None)


def hidden_test_functions() -> dict:
    """{check id: the hidden test function tagged with it}."""
    found = {}
    for path in sorted(HIDDEN.glob("test_*.py")):
        spec = importlib.util.spec_from_file_location(f"_hidden_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for value in vars(module).values():
            for tag in getattr(value, "__tags__", ()):
                found[tag] = value
    return found


def session_from_stored(source: str, part: str) -> GradingSession:
    """A session whose submission outputs are the stored ones of `source` ("reference" or a
    mistake id); cases where the mistake's code raised count as errors."""
    session = GradingSession(student_dir=REPO, expected_dir=expected_dir(), work_dir=REPO,
                             deadline=time.monotonic() + 3600, sandboxed=False)
    outcomes = {}
    for check in scheme.checks_of(part):
        for case_id in check.cases:
            key = check.job_key(case_id)
            if source == "reference":
                arrays = session.expected.reference(check, case_id)
            else:
                arrays = dict(session.expected.mistake_outputs_by_id(check, case_id, source))
            outcomes[key] = (runner.Outcome("ok", arrays=arrays) if arrays else
                             runner.Outcome("error", message=f"{source} raised on this case"))
    session._outcomes[part] = outcomes
    return session


def run_check(session: GradingSession, function, check_id: str) -> dict:
    """{case id: failure message or None} of one hidden test over all its cases."""
    messages = {}
    for case_id in scheme.check(check_id).cases:
        try:
            function(session, case_id)
            messages[case_id] = None
        except AssertionError as failure:
            messages[case_id] = str(failure)
    return messages
