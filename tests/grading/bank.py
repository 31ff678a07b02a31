"""Run the hidden suite's own verdicts on stored outputs, without a sandbox.

The expected data holds what every known mistake's variant produced on every case (the same
probes, at build time, with the same env hosts). Feeding those outputs to the verdicts proves,
cheaply, that each check fails on the mistake it should catch and names it.
"""

from __future__ import annotations

from pathlib import Path

from autograder import scheme
from autograder.build import expected
from autograder.grade.session import GradingSession
from autograder.sandbox import run as runner

REPO = Path(__file__).resolve().parents[2]


def expected_dir() -> Path:
    return expected.ensure(REPO / "build" / "expected", log=lambda *_: None)


def session_from_stored(source: str, part: str) -> GradingSession:
    """A session whose submission outputs are the stored ones of `source` ("reference" or a
    mistake id); cases where the mistake's code raised count as errors."""
    data = GradingSession.replaying(expected_dir(), {}).expected
    outcomes = {}
    for check in scheme.checks_of(part):
        for case_id in check.cases:
            key = check.job_key(case_id)
            if source == "reference":
                arrays = data.reference(check, case_id)
            else:
                arrays = dict(data.mistake_outputs_by_id(check, case_id, source))
            outcomes[key] = (
                runner.Outcome("ok", arrays=arrays)
                if arrays
                else runner.Outcome("error", message=f"{source} raised on this case")
            )
    return GradingSession.replaying(expected_dir(), {part: outcomes})


class Message(str):
    """A failure's feedback, with the known mistakes it names as data (`.mistakes`)."""

    mistakes: tuple = ()


def run_check(session: GradingSession, check_id: str) -> dict:
    """{case id: failure message (a Message) or None} of one check's verdict over its cases."""
    messages = {}
    for case_id in scheme.check(check_id).cases:
        try:
            session.judge(check_id, case_id)
            messages[case_id] = None
        except AssertionError as failure:
            messages[case_id] = Message(str(failure))
            messages[case_id].mistakes = tuple(getattr(failure, "mistakes", ()))
    return messages
