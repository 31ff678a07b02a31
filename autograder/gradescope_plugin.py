"""A small pytest plugin that turns a run into Gradescope's results.json.

It reads gradescope-utils' decorators (weight, number, visibility, tags, partial_credit,
hide_errors, leaderboard) from each test function. gradescope-utils' own JSONTestRunner is for
unittest and drops subtests and setUpClass errors; here a failure in setup or teardown, an error
and a skip all count as a failed test, and a parametrized test is one Gradescope test per case.
"""

from __future__ import annotations

import time

import pytest

DEFAULT_VISIBILITY = "visible"


class GradescopePlugin:
    def __init__(self):
        self.entries: dict = {}  # nodeid -> test entry, in run order
        self.leaderboard: list = []
        self.collection_errors: list = []
        self.started = time.monotonic()

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
            entry["output"] += _failure_text(report, call)
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
        entry["output"] = entry["output"].strip()
        column = getattr(function, "__leaderboard_column__", None)
        value = getattr(function, "__leaderboard_value__", None)
        if column and value is not None:
            self.leaderboard.append({"name": column, "value": float(value),
                                     "order": getattr(function, "__leaderboard_sort_order__",
                                                      "desc")})

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


def _failure_text(report, call) -> str:
    if report.skipped:
        return f"\n\nNot run ({report.when} skipped): {report.longreprtext[-500:]}"
    excinfo = getattr(call, "excinfo", None)
    if excinfo is not None and excinfo.errisinstance(AssertionError):
        return f"\n\n{excinfo.value}"
    phase = "" if report.when == "call" else f" during {report.when}"
    return (f"\n\nThe grader hit an internal error{phase}; this is not your fault. Please tell "
            f"the course staff.\n\n```\n{report.longreprtext[-1500:]}\n```")
