"""The words a student reads: which check, which case, what is wrong, in the grader's voice.

Only this module (and the verdicts that call it) writes feedback. It never shows an expected
value, and it shows the student's own text (printed output, exception messages) only through
`text.fenced`, which that text cannot break out of.
"""

from __future__ import annotations

import numpy as np

from autograder import scheme
from autograder.grade import outputs, text
from autograder.sandbox.run import Outcome

MAX_ROWS = 5  # mismatching entries listed in a failure


def close(got: np.ndarray, expected: np.ndarray, check: scheme.Check) -> bool:
    if got.shape != expected.shape:
        return False
    if expected.dtype.kind in "iub":
        return bool(np.array_equal(got, expected))
    return bool(np.allclose(got.astype(np.float64), expected, rtol=check.rtol, atol=check.atol))


def shape_problem(
    check: scheme.Check,
    name: str,
    expected: np.ndarray,
    got,
    *,
    any_length: bool = False,
    finite: bool = True,
) -> str:
    """Why an output cannot be compared at all (missing, shape, dtype, NaN), or '', said with
    what the output is (outputs.describe), never the probe's name for it.

    With `any_length` (a learning check's outputs, e.g. one return per finished episode), only
    the number of dimensions must match the reference's; `finite=False` leaves NaN to the
    verdict.
    """
    what = _sentence(outputs.describe(check, name))
    if got is None:
        return f"{what}: not returned (or not as a plain numeric array)."
    if got.shape != expected.shape and not (any_length and got.ndim == expected.ndim):
        return f"{what}: shape {got.shape}; expected shape {expected.shape}." + _shape_hint(
            got.shape, expected.shape
        )
    if expected.dtype.kind in "iu" and got.dtype.kind not in "iu":
        return f"{what}: dtype {got.dtype}; return integers (action indices)."
    if got.dtype.kind not in "fiub":
        return f"{what}: dtype {got.dtype}; return a float64 array."
    if finite and got.dtype.kind == "f" and not np.all(np.isfinite(got)):
        bad = np.argwhere(~np.isfinite(got))[:MAX_ROWS]
        at = "; ".join(outputs.where(check, name, tuple(int(i) for i in idx)) for idx in bad)
        hint = (
            "a loss that diverged (print it: does it grow?) or a return summed from NaN"
            if any_length
            else "a division by zero or a value that grows without bound (a missing gamma?)"
        )
        return f"{what}: contains NaN or infinity (first at {at}). Look for {hint}."
    return ""


def _sentence(text: str) -> str:
    """A description at the start of a sentence: "the V ..." -> "The V ...", "mdp.R" as it is."""
    first = text.split(" ", 1)[0]
    return text[0].upper() + text[1:] if first in ("the", "what", "one", "minus", "how") else text


def _shape_hint(got, expected) -> str:
    if len(expected) == 1 and len(got) == 2 and got[0] == expected[0]:
        return " Did you return Q (one value per state *and action*) where V is asked?"
    if len(expected) == 2 and len(got) == 1:
        return " Did you take the max over actions where the Q-values of every action are asked?"
    if sorted(got) == sorted(expected):
        return " The axes look transposed."
    return ""


def mismatch_report(name: str, got: np.ndarray, expected: np.ndarray, check) -> str:
    """How many entries are off, where (by the output's axes), and what the student's values
    there are; the output said in the contract's words."""
    got = got.astype(np.float64) if got.dtype.kind != "f" else got
    if expected.dtype.kind in "iu":
        wrong = got != expected
    else:
        wrong = ~np.isclose(got, expected, rtol=check.rtol, atol=check.atol)
    indices = np.argwhere(wrong) if got.ndim else np.zeros((1, 0), dtype=int)
    total = int(np.count_nonzero(wrong))
    rows = ["| where | your value |", "| --- | --- |"]
    for idx in indices[:MAX_ROWS]:
        index = tuple(int(i) for i in idx)
        rows.append(f"| {outputs.where(check, name, index)} | {got[index]:.6g} |")
    largest = float(np.max(np.abs(got - expected))) if total and expected.dtype.kind == "f" else 0
    order = int(np.floor(np.log10(largest))) if largest else 0
    size = f"; the largest error is of order 1e{order}" if largest else ""
    what = _sentence(outputs.describe(check, name))
    return (
        f"{what}: {total} of {got.size} entries differ from the reference{size}. "
        f"First entries that differ:\n\n" + "\n".join(rows)
    )


def describe_failure(check: scheme.Check, case_id: str, outcome: Outcome) -> str:
    """Why a case has no outputs, in the grader's words; the sandbox's own text (an exception,
    a contract message, what the code printed) only inside fences it cannot close."""
    function = check.title.split(":", 1)[0]
    detail = outcome.detail.strip()
    if outcome.kind == "error" and "NotImplementedError" in detail:
        body = f"`{function}` is not implemented yet (it raises NotImplementedError)."
    elif outcome.kind == "error":
        body = f"`{function}` raised an exception:\n\n{text.fenced(detail, keep='tail')}"
    elif outcome.kind == "contract":
        body = f"`{function}` does not keep the handout's contract:\n\n" + text.fenced(detail)
    elif outcome.kind == "timeout" and outcome.message:
        body = outcome.message
    elif outcome.kind == "timeout":
        body = (
            f"`{function}` did not finish within its {check.cpu_seconds:g} s of CPU time "
            f"({check.wall_seconds:g} s of wall-clock time). "
            + SLOW_HINTS.get(check.part, SLOW_HINTS[""])
        )
    else:
        body = outcome.message or "This case produced no outputs."
        if detail:
            body += "\n\n" + text.fenced(detail, keep="tail")
    printed = outcome.printed.strip()
    if printed:
        body += "\n\nYour code printed (last lines):\n\n" + text.fenced(printed, 800, keep="tail")
    return header(check, case_id) + body


# What to look for when a part's function runs out of time, in that part's terms.
SLOW_HINTS = {
    "": "Look for an infinite loop or a stopping rule that is never met.",
    "dp": "Look for an infinite loop or a stopping rule that is never met; vectorise over next "
    "states s' with numpy instead of looping over every (s, a, s') in Python.",
    "dqn": "Look for an episode that never ends (reset after terminated or truncated) and for "
    "work done every step that belongs every `train_every` steps; keep the network's forward "
    "pass for acting under torch.no_grad().",
    "reinforce": "Look for an episode that never ends (reset after terminated or truncated); "
    "sample actions under one forward pass per step, and take one optimizer step per "
    "iteration, not per episode or per step.",
}


class Named(str):
    """A feedback line that remembers which known mistake or violated property it names."""

    mistake_id: str = ""
    property_id: str = ""


def known_mistake(mistake) -> Named:
    line = Named(f"**Known mistake: {mistake.name}.** {mistake.explanation}")
    line.mistake_id = mistake.id
    return line


class Failure(AssertionError):
    """A verdict's failure: the feedback, and the known mistakes and violated properties it
    names (results.json carries them as data in the test's extra_data, for `make regrade`)."""

    def __init__(self, message: str, mistakes=(), properties=()):
        super().__init__(message)
        self.mistakes = tuple(mistakes)
        self.properties = tuple(properties)


def header(check: scheme.Check, case_id: str) -> str:
    """The first line of every failure: which check, which case."""
    return f"**{check.title}** (case `{case_id}`)\n\n"
