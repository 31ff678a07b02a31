"""The trusted side of a check: run the submission's part once, compare, explain.

The hidden tests call `session.assert_matches(check, case_id)`. The comparison happens here, in
the grader's process, on arrays that came back from the sandbox as data. Feedback says which
function, which case, what property failed and, when a known mistake produces exactly what the
student's code produced, names it. It never shows an expected value.
"""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import numpy as np
import pytest
from gradescope_utils.autograder_utils.decorators import number, tags, visibility, weight

from autograder import runner, scheme
from autograder.expected import ExpectedData
from autograder.probes.common import INPUT_AFTER

MAX_ROWS = 5  # mismatching entries listed in a failure
_current = None


@dataclasses.dataclass
class GradingSession:
    """Everything a hidden test needs; one per grading run, created by `autograder.run`."""

    student_dir: Path
    expected_dir: Path
    work_dir: Path
    deadline: float  # time.monotonic() by which every part must be done
    sandboxed: bool = True
    missing_files: tuple = ()

    def __post_init__(self):
        self.expected = ExpectedData(self.expected_dir)
        self._outcomes: dict = {}
        self.timings: dict = {}  # part -> wall and CPU seconds of its sandboxed run

    # -- running the submission -------------------------------------------------------------
    def outcomes(self, part: str) -> dict:
        """All outcomes of a part, running the submission's part on first use."""
        if part not in self._outcomes:
            self._outcomes[part] = self._run(part)
        return self._outcomes[part]

    def _run(self, part_name: str) -> dict:
        part = scheme.PARTS[part_name]
        jobs = runner.jobs_for(part_name, reference=False)
        if part.file in self.missing_files:
            message = (f"Your submission has no `{part.file}`, so this part was not graded. "
                       f"Upload `{part.file}` (the file from the handout's starter/ folder, "
                       "with your code in it).")
            return {job["key"]: runner.Outcome("missing", message=message) for job in jobs}
        remaining = self.deadline - time.monotonic()
        if remaining < 5:
            message = ("Not graded: the grading time ran out before this part was reached "
                       "(earlier parts used the time budget; check them for slow loops).")
            return {job["key"]: runner.Outcome("not_run", message=message) for job in jobs}
        started, cpu_before = time.monotonic(), os.times()
        outcomes = runner.run_part(part_name, self.student_dir, self.work_dir,
                                   sandboxed=self.sandboxed, jobs=jobs,
                                   wall_budget=min(part.budget_seconds, remaining - 2))
        cpu_after = os.times()
        # The sandboxed worker and its forked jobs are reaped children: their CPU shows here.
        self.timings[part_name] = {
            "wall_seconds": round(time.monotonic() - started, 3),
            "cpu_seconds": round(cpu_after.children_user + cpu_after.children_system
                                 - cpu_before.children_user - cpu_before.children_system, 3),
        }
        return outcomes

    def outcome(self, check: scheme.Check, case_id: str) -> runner.Outcome:
        return self.outcomes(check.part)[check.job_key(case_id)]

    # -- checks -----------------------------------------------------------------------------
    def actual(self, check: scheme.Check, case_id: str) -> dict:
        """The submission's arrays for a case, or an AssertionError that explains why not."""
        outcome = self.outcome(check, case_id)
        if not outcome.ok:
            raise AssertionError(describe_failure(check, case_id, outcome))
        reference = self.expected.reference(check, case_id)
        for name, expected in reference.items():
            got = outcome.arrays.get(name)
            problem = shape_problem(name, expected, got, any_length=check.learning)
            if problem:
                raise AssertionError(header(check, case_id) + problem)
        given = reference.get(INPUT_AFTER)
        if given is not None and not np.array_equal(outcome.arrays[INPUT_AFTER], given):
            raise AssertionError(header(check, case_id) + (
                f"`{check.title.split(':', 1)[0]}` modified the array it was given; compute a "
                "new array instead (inputs you do not own stay unchanged)."))
        return {name: array for name, array in outcome.arrays.items() if name != INPUT_AFTER}

    def assert_matches(self, check: scheme.Check, case_id: str) -> None:
        """Every output equals the reference's within the check's tolerance."""
        actual = self.actual(check, case_id)
        reference = {name: array for name, array in self.expected.reference(check, case_id).items()
                     if name != INPUT_AFTER}
        wrong = {name: actual[name] for name, expected in reference.items()
                 if not close(actual[name], expected, check)}
        if not wrong:
            return
        lines = [header(check, case_id).rstrip()]
        for name, got in wrong.items():
            lines.append(mismatch_report(name, got, reference[name], check))
        mistake = self.diagnose(check, case_id, actual)
        if mistake is not None:
            lines.append(known_mistake(mistake))
        if check.formula:
            lines.append(f"Re-read the lecture's formula: `{check.formula}`")
        raise AssertionError("\n\n".join(lines))

    def assert_near_exact(self, check: scheme.Check, case_id: str, exact_id: str,
                          output: str, symbol: str) -> np.ndarray:
        """A learned estimate within the case's validated `max_error` of the exact answer."""
        actual = self.actual(check, case_id)[output].astype(np.float64)
        exact = self.expected.reference(scheme.check(exact_id), case_id)[output]
        bound = check.case(case_id)["max_error"]
        error = float(np.max(np.abs(actual - exact)))
        if error > bound:
            raise AssertionError(
                header(check, case_id)
                + f"Your estimate is {error:.3g} away from the exact {symbol} (the largest error "
                  f"over all entries); a correct implementation gets within {bound:g} on this "
                  "case, whatever order it draws its random numbers in. Check the update rule, "
                  "that only `terminated` (not `truncated`) stops bootstrapping, and that every "
                  f"episode starts with env.reset().\n\nRe-read the lecture: `{check.formula}`")
        return exact

    def assert_frequencies(self, check: scheme.Check, case_id: str) -> None:
        """Action counts of epsilon-greedy within 5 standard deviations of the documented rule."""
        counts = self.actual(check, case_id)["counts"].astype(np.float64)
        case = check.case(case_id)
        p = epsilon_greedy_probabilities(case["q_values"], case["epsilon"])
        n = counts.sum()
        bad = np.abs(counts - n * p) > 5 * np.sqrt(n * p * (1 - p)) + 0.5
        if n != case["draws"] or not bad.any():
            if n == case["draws"]:
                return
        rows = ["| action | Q-value | your share | the rule's share |", "| --- | --- | --- | --- |"]
        for a, q in enumerate(case["q_values"]):
            rows.append(f"| {a} | {q:g} | {counts[a] / max(n, 1):.3f} | {p[a]:.3f} |")
        lines = [header(check, case_id) + f"Over {int(n)} calls with epsilon = "
                 f"{case['epsilon']:g}, your action frequencies are not epsilon-greedy's:",
                 "\n".join(rows)]
        for mistake, arrays in self.expected.mistake_outputs(check, case_id):
            theirs = arrays["counts"] / max(arrays["counts"].sum(), 1)
            spread = 5 * np.sqrt(n * theirs * (1 - theirs)) + 0.5
            if np.all(np.abs(counts - n * theirs) <= spread) and np.any(np.abs(theirs - p) > 0.02):
                lines.append(known_mistake(mistake))
                break
        lines.append(f"Re-read the lecture: `{check.formula}` (ties go to the lowest index; the "
                     "random action is uniform over *all* actions, the greedy one included)")
        raise AssertionError("\n\n".join(lines))

    def named(self, mistake_id: str) -> str:
        """The feedback line of a known mistake recognised by its signature, not by its outputs
        (a flag stored on truncations, a gradient reaching the target network)."""
        mistake = self.expected.mistakes.get(mistake_id)
        return known_mistake(mistake) if mistake is not None else ""

    def diagnose(self, check: scheme.Check, case_id: str, actual: dict):
        """The known mistake whose outputs on this case are the student's, if exactly one is."""
        reference = {name: array for name, array in self.expected.reference(check, case_id).items()
                     if name != INPUT_AFTER}
        for mistake, arrays in self.expected.mistake_outputs(check, case_id):
            arrays = {name: array for name, array in arrays.items() if name != INPUT_AFTER}
            if set(arrays) != set(reference):
                continue
            differs = any(not close(arrays[n], reference[n], check) for n in reference)
            same = all(close(actual[n], arrays[n], check) for n in reference)
            if differs and same:
                return mistake
        return None


def start_session(session: GradingSession) -> None:
    global _current
    _current = session


def current_session() -> GradingSession:
    """The session of this grading run (the hidden suite's conftest asks for it)."""
    if _current is None:
        raise RuntimeError("the hidden suite runs only through `python -m autograder.run`")
    return _current


def graded(check_id: str, index: int):
    """Gradescope's decorators and the per-case parametrization of one check of the scheme."""
    check = scheme.check(check_id)

    def decorate(function):
        function = weight(check.points_per_case)(function)
        function = number(f"{scheme.PARTS[check.part].number}.{index}")(function)
        function = visibility(check.visibility)(function)
        function = tags(check.id)(function)
        return pytest.mark.parametrize("case_id", list(check.cases))(function)

    return decorate


def learning_verdict(case: dict, returns) -> tuple[bool, float, float]:
    """The rule of the deep learning checks, shared by the hidden tests, the threshold validation
    and the benchmark: (passes, mean of the last `last` returns, mean of the first `last`).

    The last returns must average at least `min_return` and, where the case sets it,
    `min_improvement` times the first ones."""
    returns = np.asarray(returns, dtype=np.float64)
    first = float(np.mean(returns[:case["last"]]))
    last = float(np.mean(returns[-case["last"]:]))
    passes = last >= case["min_return"] and ("min_improvement" not in case
                                            or last >= case["min_improvement"] * first)
    return passes, last, first


def epsilon_greedy_probabilities(q_values, epsilon) -> np.ndarray:
    """The documented rule: epsilon/A for every action, plus 1 - epsilon on the lowest argmax."""
    p = np.full(len(q_values), epsilon / len(q_values))
    p[int(np.argmax(q_values))] += 1.0 - epsilon
    return p


def close(got: np.ndarray, expected: np.ndarray, check: scheme.Check) -> bool:
    if got.shape != expected.shape:
        return False
    if expected.dtype.kind in "iub":
        return bool(np.array_equal(got, expected))
    return bool(np.allclose(got.astype(np.float64), expected, rtol=check.rtol, atol=check.atol))


def shape_problem(name: str, expected: np.ndarray, got, *, any_length: bool = False) -> str:
    """Why an output cannot be compared at all (missing, shape, dtype, NaN), or ''.

    With `any_length` (a learning check's outputs, e.g. one return per finished episode), only
    the number of dimensions must match the reference's.
    """
    if got is None:
        return f"`{name}` was not returned."
    if got.shape != expected.shape and not (any_length and got.ndim == expected.ndim):
        return (f"`{name}` has shape {got.shape}; expected shape {expected.shape}."
                + _shape_hint(got.shape, expected.shape))
    if expected.dtype.kind in "iu" and got.dtype.kind not in "iu":
        return f"`{name}` has dtype {got.dtype}; return integers (action indices)."
    if got.dtype.kind not in "fiub":
        return f"`{name}` has dtype {got.dtype}; return a float64 array."
    if got.dtype.kind == "f" and not np.all(np.isfinite(got)):
        bad = np.argwhere(~np.isfinite(got))[:MAX_ROWS]
        where = ", ".join(str(tuple(int(i) for i in idx)) for idx in bad)
        hint = ("a loss that diverged (print it: does it grow?) or a return summed from NaN"
                if any_length else "a division by zero or a value that grows without bound "
                "(a missing gamma?)")
        return f"`{name}` contains NaN or infinity (first at {where}). Look for {hint}."
    return ""


def _shape_hint(got, expected) -> str:
    if len(expected) == 1 and len(got) == 2 and got[0] == expected[0]:
        return " Did you return Q (one value per state *and action*) where V is asked?"
    if len(expected) == 2 and len(got) == 1:
        return " Did you take the max over actions where the Q-values of every action are asked?"
    if sorted(got) == sorted(expected):
        return " The axes look transposed."
    return ""


def mismatch_report(name: str, got: np.ndarray, expected: np.ndarray, check) -> str:
    """How many entries are off, where, and what the student's values there are."""
    got = got.astype(np.float64) if got.dtype.kind != "f" else got
    if expected.dtype.kind in "iu":
        wrong = got != expected
    else:
        wrong = ~np.isclose(got, expected, rtol=check.rtol, atol=check.atol)
    indices = np.argwhere(wrong) if got.ndim else np.zeros((1, 0), dtype=int)
    total = int(np.count_nonzero(wrong))
    rows = ["| index | your value |", "| --- | --- |"]
    for idx in indices[:MAX_ROWS]:
        index = tuple(int(i) for i in idx)
        rows.append(f"| {index if len(index) != 1 else index[0]} | {got[index]:.6g} |")
    largest = float(np.max(np.abs(got - expected))) if total and expected.dtype.kind == "f" else 0
    order = int(np.floor(np.log10(largest))) if largest else 0
    size = f"; the largest error is of order 1e{order}" if largest else ""
    return (f"`{name}`: {total} of {got.size} entries differ from the reference{size}. "
            f"First entries that differ:\n\n" + "\n".join(rows))


def describe_failure(check: scheme.Check, case_id: str, outcome: runner.Outcome) -> str:
    first = header(check, case_id)
    function = check.title.split(":", 1)[0]
    if outcome.kind == "error":
        body = f"`{function}` raised an exception:\n\n```\n{outcome.message.strip()}\n```"
        if "NotImplementedError" in outcome.message:
            body = f"`{function}` is not implemented yet (it raises NotImplementedError)."
    elif outcome.kind == "contract":
        body = outcome.message
    elif outcome.kind == "timeout" and outcome.message.startswith("importing your file"):
        body = outcome.message
    elif outcome.kind == "timeout":
        body = (f"`{function}` did not finish in time ({outcome.message}). Look for an infinite "
                "loop or a stopping rule that is never met; vectorise over next states s' with "
                "numpy instead of looping over every (s, a, s') in Python.")
    else:
        body = outcome.message
    if outcome.printed.strip():
        body += f"\n\nYour code printed (last lines):\n\n```\n{outcome.printed.strip()[-800:]}\n```"
    return first + body


def known_mistake(mistake) -> str:
    return f"**Known mistake: {mistake.name}.** {mistake.explanation}"


def header(check: scheme.Check, case_id: str) -> str:
    """The first line of every failure: which check, which case."""
    return f"**{check.title}** (case `{case_id}`)\n\n"
