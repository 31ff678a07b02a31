"""A small pytest plugin that turns a run into Gradescope's results.json.

It reads gradescope-utils' decorators (weight, number, visibility, tags, partial_credit,
hide_errors, leaderboard) from each test function. gradescope-utils' own JSONTestRunner is for
unittest and drops subtests and setUpClass errors; here a failure in setup or teardown, an error
and a skip all count as a failed test, and a parametrized test is one Gradescope test per case.

A test's output is only what the grader wrote: the message of an AssertionError the hidden test
raised (pytest must run with `--assert=plain`, or its assertion rewriting appends the compared
values). pytest's own report of any other failure holds the test's arguments and locals (expected
arrays), so it goes to the grader's log (stderr, which students do not see) and the student reads
a fixed "internal error" line.
"""

from __future__ import annotations

import sys
import time

import pytest

from autograder.grade import results, text

DEFAULT_VISIBILITY = "visible"
INTERNAL_ERROR = (
    "The grader hit an internal error{phase} while running this test; this is not "
    "your fault. Please tell the course staff (they can see what went wrong in "
    "the grader's log)."
)
NO_MESSAGE = "This check failed."


class GradescopePlugin:
    def __init__(self, log=None):
        self.entries: dict = {}  # nodeid -> test entry, in run order
        self.leaderboard: list = []
        self.collection_errors: list = []
        self.started = time.monotonic()
        self._log = log  # where pytest's reports of internal errors go; None: sys.stderr

    # -- collection ---------------------------------------------------------------------------
    def pytest_collectreport(self, report):
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext[-2000:]}")

    # -- each test ----------------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        function = _function(item)
        for attribute in ("__score__", "__leaderboard_value__"):
            if hasattr(function, attribute):
                delattr(function, attribute)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        entry = self.entries.setdefault(item.nodeid, _new_entry(item))
        if report.when == "call" and report.passed:
            entry["status"] = "passed" if entry["status"] != "failed" else "failed"
        elif report.failed or report.skipped:
            entry["status"] = "failed"
            entry["output"] += "\n\n" + self._failure_text(item, report, call)
        if report.when == "teardown":
            self._finish(item, entry)

    def _finish(self, item, entry):
        function = _function(item)
        weight = float(getattr(function, "__weight__", 0.0))
        score = getattr(function, "__score__", None)
        passed = entry["status"] == "passed"
        entry["status"] = "passed" if passed else "failed"  # never "pending" in results.json
        if score is None:
            entry["score"] = weight if passed else 0.0
        else:  # partial credit keeps what the test set, even if it then failed
            entry["score"] = max(0.0, min(weight, float(score)))
        entry["max_score"] = weight
        for key, value in item.user_properties:
            if key == "gradescope_output" and value:
                entry["output"] = f"{value}\n\n{entry['output']}".strip()
        hidden = getattr(function, "__hide_errors__", None)
        if hidden and entry["status"] == "failed":
            entry["output"] = hidden
        entry["output"] = text.clean(entry["output"].strip(), results.MAX_OUTPUT_CHARS)
        column = getattr(function, "__leaderboard_column__", None)
        value = getattr(function, "__leaderboard_value__", None)
        if column and value is not None:
            self.leaderboard.append(
                {
                    "name": column,
                    "value": float(value),
                    "order": getattr(function, "__leaderboard_sort_order__", "desc"),
                }
            )

    def _failure_text(self, item, report, call) -> str:
        """What the student reads about a failed, erroring or skipped phase of a test."""
        if report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            return text.clean(f"Not run ({report.when} skipped). {reason}".strip(), 500)
        excinfo = getattr(call, "excinfo", None)
        if report.when == "call" and excinfo is not None and excinfo.errisinstance(AssertionError):
            # The known mistakes and violated properties a verdict named, as data (make regrade).
            for key in ("mistakes", "properties"):
                ids = getattr(excinfo.value, key, ())
                if ids:
                    entry = self.entries[item.nodeid]
                    named = entry.setdefault("extra_data", {}).setdefault(key, [])
                    named += [str(i) for i in ids if str(i) not in named]
            return _assertion_message(excinfo)
        self._write_log(
            f"[grader] internal error in {item.nodeid} ({report.when}):\n{report.longreprtext}\n"
        )
        phase = "" if report.when == "call" else f" (during {report.when})"
        return INTERNAL_ERROR.format(phase=phase)

    def _write_log(self, message: str) -> None:
        log = self._log if self._log is not None else sys.stderr
        try:
            log.write(message)
            log.flush()
        except (OSError, ValueError):  # a closed log loses the line, never the results
            pass

    # -- the whole run ------------------------------------------------------------------------
    def tests(self) -> list:
        return [dict(entry) for entry in self.entries.values() if "score" in entry]


def _function(item):
    return getattr(item, "obj", None) or item.function


def _new_entry(item) -> dict:
    function = _function(item)
    doc = (getattr(function, "__doc__", None) or item.originalname or item.name).strip()
    name = doc.splitlines()[0]
    number = getattr(function, "__number__", None)
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        name = f"{name} [{callspec.id}]"
        if number is not None:
            number = f"{number}.{_param_index(item)}"
    entry = {
        "name": name,
        "status": "pending",
        "output": "",
        "output_format": "md",
        "visibility": getattr(function, "__visibility__", DEFAULT_VISIBILITY),
    }
    if number is not None:
        entry["number"] = str(number)
    tags = getattr(function, "__tags__", None)
    if tags:
        entry["tags"] = [str(tag) for tag in tags]
    return entry


def _param_index(item) -> int:
    indices = item.callspec.indices.values()
    return 1 + next(iter(indices), 0)


def _assertion_message(excinfo) -> str:
    """The message the hidden test gave its AssertionError, and nothing pytest added to it."""
    try:
        message = str(excinfo.value)
    except Exception:  # noqa: BLE001 - a message that cannot be shown is no message
        message = ""
    if _rewritten(excinfo):
        # A rewritten assert appends "assert <left> == <right>" and "+  where ..." lines, the
        # compared values: the grader's message is what comes before them.
        head, glue, _ = message.rpartition("\nassert ")
        message = head if glue else ("" if message.startswith("assert ") else message)
    return message.strip() or NO_MESSAGE


def _rewritten(excinfo) -> bool:
    """Whether pytest's assertion rewriting raised this AssertionError: an `assert` statement in
    a rewritten module. main.py runs pytest with `--assert=plain`; this catches any other way."""
    try:
        entry = excinfo.traceback[-1]
        return "@py_builtins" in entry.frame.f_globals and str(entry.statement).lstrip().startswith(
            "assert"
        )
    except Exception:  # noqa: BLE001 - no source: not an assert we can read
        return False
