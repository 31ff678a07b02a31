"""The grading session: run each part of the submission once, in the sandbox, and judge it.

A hidden test is one line: `grader.judge(check_id, case_id)`. The session runs the check's part on
first use (`autograder.sandbox.run.run_submission`, the only path to student code), keeps every
outcome (a failed part is recorded once, never re-run per test), checks the returned arrays
against the reference's names, dtypes and shapes, and hands them to the check's verdict
(`autograder.grade.verdicts`), which decides in this process from raw data.

The hidden suite gets the session as the `grader` fixture from `SessionPlugin`, a pytest plugin
object that `autograder.grade.main` registers: no module global.
"""

from __future__ import annotations

import dataclasses
import os
import time
import traceback
from pathlib import Path

import numpy as np
import pytest
from gradescope_utils.autograder_utils.decorators import number, tags, visibility, weight

from autograder import scheme
from autograder.grade import feedback, outputs, verdicts
from autograder.grade.expected_data import ExpectedData
from autograder.sandbox import protocol
from autograder.sandbox import run as runner

# Elements an output may have when a check accepts any length (one return per episode).
MAX_ANY_LENGTH = 1_000_000


@dataclasses.dataclass
class GradingSession:
    """Everything a hidden test needs; one per grading run, created by `autograder.grade.main`."""

    student_dir: Path
    expected_dir: Path
    work_dir: Path
    deadline: float  # time.monotonic() by which every part must be done
    missing_files: tuple = ()
    notes: dict = dataclasses.field(default_factory=dict)  # file -> intake note (e.g. case)

    def __post_init__(self):
        self.expected = ExpectedData(self.expected_dir)
        self._outcomes: dict = {}
        self.timings: dict = {}  # part -> wall and CPU seconds of its sandboxed run

    @classmethod
    def replaying(cls, expected_dir: Path, outcomes: dict) -> GradingSession:
        """A session whose parts' outcomes are given ({part: {job key: Outcome}}), e.g. the
        stored outputs of a known mistake: the verdicts run without a sandbox or a deadline."""
        session = cls(
            student_dir=Path("/nonexistent"),
            expected_dir=expected_dir,
            work_dir=Path("/nonexistent"),
            deadline=float("inf"),
        )
        session._outcomes.update(outcomes)
        return session

    # -- running the submission -------------------------------------------------------------
    def outcomes(self, part: str) -> dict:
        """All outcomes of a part, running the submission's part on first use."""
        if part not in self._outcomes:
            try:
                self._outcomes[part] = self._run(part)
            except Exception:  # noqa: BLE001 - recorded once; the log has the traceback
                traceback.print_exc()
                message = (
                    "The grader hit an internal error while running this part (not your "
                    "fault); please tell the course staff."
                )
                self._outcomes[part] = {
                    job["key"]: runner.Outcome("crash", message=message)
                    for job in scheme.jobs(part, reference=False)
                }
        return self._outcomes[part]

    def _run(self, part_name: str) -> dict:
        part = scheme.PARTS[part_name]
        jobs = scheme.jobs(part_name, reference=False)
        if part.file in self.missing_files:
            message = (
                f"Your submission has no `{part.file}`, so this part was not graded. "
                f"Upload your `{part.file}` (the file of the handout with your code in "
                "it), under exactly that name."
            )
            return {job["key"]: runner.Outcome("missing", message=message) for job in jobs}
        remaining = self.deadline - time.monotonic()
        if remaining < 5:
            message = (
                "Not graded: the grading time ran out before this part was reached "
                "(earlier parts used the time budget; check them for slow loops)."
            )
            return {job["key"]: runner.Outcome("not_run", message=message) for job in jobs}
        # The parts that share this part's worker (torch's import) and have not run yet run
        # with it; their outcomes wait for their tests.
        group = [
            name
            for name in scheme.worker_group(part_name)
            if name == part_name
            or (name not in self._outcomes and scheme.PARTS[name].file not in self.missing_files)
        ]
        started, cpu_before = time.monotonic(), os.times()
        found = runner.run_parts(
            {name: scheme.jobs(name, reference=False) for name in group},
            self.student_dir,
            self.work_dir,
            wall_budget=min(scheme.group_budget(group), remaining - 2),
            schemas={name: self.schema(name) for name in group},
        )
        cpu_after = os.times()
        self._record_timings(
            found,
            time.monotonic() - started,
            cpu_after.children_user
            + cpu_after.children_system
            - cpu_before.children_user
            - cpu_before.children_system,
        )
        for name in group:
            if name != part_name:
                self._outcomes[name] = found[name]
        return found[part_name]

    def _record_timings(self, found: dict, wall: float, cpu: float) -> None:
        """Wall and CPU seconds per part, for the instructor and `make bench`. The sandboxed
        worker and its jobs are reaped children: their CPU shows in `cpu`. Parts that shared a
        worker get their jobs' own times, and the first also the worker's start."""
        names = list(found)
        for name, outcomes in found.items():
            # Each case's own clocks as the worker measured them (untrusted: figures only).
            jobs = {
                key: {
                    "wall_seconds": round(outcome.seconds, 3),
                    "cpu_seconds": round(outcome.cpu_seconds, 3),
                }
                for key, outcome in outcomes.items()
                if outcome.seconds
            }
            self.timings[name] = {
                "jobs": jobs,
                "worker": "+".join(names),
                "wall_seconds": sum(j["wall_seconds"] for j in jobs.values()),
                "cpu_seconds": sum(j["cpu_seconds"] for j in jobs.values()),
            }
        first = self.timings[names[0]]
        first["wall_seconds"] += wall - sum(self.timings[n]["wall_seconds"] for n in names)
        first["cpu_seconds"] += cpu - sum(self.timings[n]["cpu_seconds"] for n in names)
        for name in names:
            for clock in ("wall_seconds", "cpu_seconds"):
                self.timings[name][clock] = round(self.timings[name][clock], 3)

    def schema(self, part_name: str) -> dict:
        """{job key: {output name: max elements}}: the only arrays read back from the sandbox,
        each at most a few times the reference's size (any length: a fixed cap)."""
        found = {}
        for check in scheme.checks_of(part_name):
            if check.reference_only:
                continue
            for case_id in check.cases:
                found[check.job_key(case_id)] = {
                    name: MAX_ANY_LENGTH if check.varies_in_length else max(4 * array.size, 64)
                    for name, array in self.expected.reference(check, case_id).items()
                    if not name.startswith(protocol.TRUSTED_PREFIX)
                }
        return found

    def outcome(self, check: scheme.Check, case_id: str) -> runner.Outcome:
        return self.outcomes(check.part)[check.job_key(case_id)]

    # -- judging ------------------------------------------------------------------------------
    def judge(self, check_id: str, case_id: str, leaderboard=None) -> None:
        """Run the check's verdict on one case: AssertionError with feedback when it fails.
        `leaderboard`, if given, receives the value the verdict puts on the leaderboard."""
        check = scheme.check(check_id)
        verdicts.verdict_of(check)(self, check, case_id, leaderboard=leaderboard)

    def actual(self, check: scheme.Check, case_id: str, any_value=()) -> dict:
        """The submission's arrays for a case (the sandbox's and the env host's), each present
        and of the reference's shape and dtype, or an AssertionError that explains why not.
        `any_value`: outputs whose values (NaN included) the verdict judges itself, after the
        problems it puts first."""
        outcome = self.outcome(check, case_id)
        if not outcome.ok:
            raise AssertionError(feedback.describe_failure(check, case_id, outcome))
        got = {**outcome.arrays, **outcome.trusted}
        reference = self.expected.reference(check, case_id)
        for name, expected in reference.items():
            problem = feedback.shape_problem(
                check,
                name,
                expected,
                got.get(name),
                any_length=check.varies_in_length or name.startswith(protocol.TRUSTED_PREFIX),
                finite=name not in any_value,
            )
            if problem:
                raise AssertionError(feedback.header(check, case_id) + problem)
        modified = [
            name
            for name, given in reference.items()
            if protocol.is_input_after(name) and not np.array_equal(got[name], given)
        ]
        if modified:
            mistake = self.diagnose(check, case_id, got, with_inputs=True)
            raise feedback.Failure(
                feedback.header(check, case_id)
                + (
                    f"`{check.function}` modified an input it does not own: "
                    + " and ".join(outputs.describe(check, n, after=False) for n in modified)
                    + " changed during the call. Compute new arrays instead (inputs you do not "
                    "own stay unchanged)."
                )
                + (f"\n\n{feedback.known_mistake(mistake)}" if mistake is not None else ""),
                [mistake.id] if mistake is not None else [],
            )
        return {name: got[name] for name in reference if not protocol.is_input_after(name)}

    def named(self, mistake_id: str) -> feedback.Named | str:
        """The feedback line of a known mistake recognised by its signature, not by its outputs
        (a flag stored on truncations, a gradient reaching the target network)."""
        mistake = self.expected.mistakes.get(mistake_id)
        return feedback.known_mistake(mistake) if mistake is not None else ""

    def diagnose(
        self,
        check: scheme.Check,
        case_id: str,
        actual: dict,
        with_inputs=False,
        names=None,
        ignore=(),
    ):
        """The known mistake whose outputs on this case are the student's, if exactly one is;
        `with_inputs`: the inputs as they were after the call too (a mistake that modifies one);
        compared on `names` only when given (the outputs a check's verdict judges); `ignore`:
        outputs left out (free text such as an exception's message)."""

        def kept(name):
            return (
                (with_inputs or not protocol.is_input_after(name))
                and (names is None or name in names)
                and name not in ignore
            )

        reference = {
            name: array
            for name, array in self.expected.reference(check, case_id).items()
            if kept(name)
        }
        for mistake, arrays in self.expected.mistake_outputs(check, case_id):
            arrays = {name: array for name, array in arrays.items() if kept(name)}
            if set(arrays) != set(reference):
                continue
            differs = any(not feedback.close(arrays[n], reference[n], check) for n in reference)
            same = all(feedback.close(actual[n], arrays[n], check) for n in reference)
            if differs and same:
                return mistake
        return None


class SessionPlugin:
    """Hands the session to the hidden suite as the `grader` fixture (pytest plugin object)."""

    def __init__(self, session: GradingSession):
        self.session = session

    @pytest.fixture(scope="session")
    def grader(self) -> GradingSession:
        return self.session


def graded(check_id: str):
    """Gradescope's decorators and the per-case parametrization of one check of the scheme:
    the title (the test's name), weight per case, the number part.index (the check's place in
    its part), visibility, tag."""
    check = scheme.check(check_id)
    graded_checks = [c for c in scheme.checks_of(check.part) if not c.reference_only]
    index = graded_checks.index(check) + 1

    def decorate(function):
        function.__doc__ = check.title  # the test's name in Gradescope: the scheme's words only
        function = weight(check.points_per_case)(function)
        function = number(f"{scheme.PARTS[check.part].number}.{index}")(function)
        function = visibility(check.visibility)(function)
        function = tags(check.id)(function)
        return pytest.mark.parametrize("case_id", list(check.cases))(function)

    return decorate
