"""Grade one submission: `python -m autograder.grade.main --root /autograder`.

The trusted parent. It writes a valid fallback results.json first, takes in only the expected
student files, runs the hidden suite (which sends every call of student code through the
sandbox), and replaces results.json atomically. On its deadline, or on SIGTERM, it writes what
it has, with the rest marked as not reached; it never leaves an invalid results.json.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from autograder import scheme
from autograder.grade import intake, one_cpu, results
from autograder.grade.plugin import GradescopePlugin
from autograder.grade.session import GradingSession, SessionPlugin
from autograder.sandbox import launch as sandbox

SOURCE = Path(__file__).resolve().parents[2]
# Leave this much of the deadline for writing results after the last part.
RESERVE_SECONDS = scheme.RESERVE_SECONDS
# The grader's own memory (RLIMIT_DATA: heap and numpy arrays). A correct grading peaks at about
# 145 MiB of it; whatever a submission returns is read back within fixed sizes, so a grader that
# still grows past this is a bug, and it stops here with a MemoryError (an internal error in the
# test at hand, results.json stays valid) instead of in Gradescope's 768-MB container kill, which
# would leave no results at all. Only the soft limit: the sandbox's processes, even not as root,
# set their own (launch.Limits) up to the unchanged hard limit.
GRADER_MAX_DATA_BYTES = 512 * 1024**2


def limit_own_memory(max_bytes: int = GRADER_MAX_DATA_BYTES) -> None:
    """Cap this process's data segment (soft RLIMIT_DATA), never above a lower hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    cap = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
    if soft == resource.RLIM_INFINITY or soft > cap:
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))


def total_points() -> float:
    return sum(check.points for check in scheme.CHECKS if not check.reference_only)


def number_key(test: dict) -> tuple:
    """part.check.case compared as numbers (1.2.10 after 1.2.9); unnumbered tests last."""
    try:
        return (0, tuple(int(piece) for piece in str(test.get("number", "")).split(".")))
    except ValueError:
        return (1, ())


def assemble(
    plugin: GradescopePlugin, report: intake.IntakeReport | None, started: float, note: str = ""
) -> dict:
    """results.json from what the plugin recorded; points never reached count as failed.
    Tests in Gradescope's order, part.check.case as numbers (pytest runs the files by name)."""
    tests = sorted(plugin.tests(), key=number_key)
    recorded = sum(test["max_score"] for test in tests)
    missing = round(total_points() - recorded, 6)
    if missing > 1e-6:
        tests.append(
            {
                "name": "Tests not run",
                "score": 0.0,
                "max_score": missing,
                "status": "failed",
                "output_format": "md",
                "visibility": "visible",
                "output": "These points' tests did not run before grading stopped "
                f"{note or '(see the summary above)'}.",
            }
        )
    score = round(sum(test["score"] for test in tests), 6)
    return {
        "score": score,
        "execution_time": round(time.monotonic() - started, 3),
        "output": summary(tests, report, note),
        "output_format": "md",
        "test_output_format": "md",
        "stdout_visibility": "hidden",
        "tests": tests,
        **({"leaderboard": plugin.leaderboard} if plugin.leaderboard else {}),
    }


def summary(tests: list, report: intake.IntakeReport | None, note: str) -> str:
    """Points per part, and how many tests are not shown yet, so 'all passed' is never a lie."""
    lines = ["## Autograder summary", "", "| part | points |", "| --- | --- |"]
    for part in scheme.PARTS.values():
        mine = [t for t in tests if t.get("number", "").split(".")[0] == str(part.number)]
        got = sum(t["score"] for t in mine)
        out_of = sum(t["max_score"] for t in mine)
        lines.append(f"| {part.number}. {part.title} | {got:g} / {out_of:g} |")
    later = [t for t in tests if t.get("visibility", "visible") != "visible"]
    if later:
        lines += [
            "",
            f"{len(tests) - len(later)} tests are shown now. {len(later)} more tests "
            f"({sum(t['max_score'] for t in later):g} points) are hidden until after "
            "the due date; the score above already counts them, so a full list of "
            "passed tests below does not mean full marks.",
        ]
    if report is not None:
        lines += ["", "### Your files", report.summary()]
    if note:
        lines += ["", f"**Note:** {note}"]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument(
        "--deadline",
        type=float,
        default=scheme.GRADER_DEADLINE_SECONDS,
        help="seconds from start by which results.json must be final (default: "
        "autograder/scheme.py's, from the platform's timeout)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    limit_own_memory()
    results_path = args.root / "results" / "results.json"
    results.write_atomic(
        results_path,
        results.fallback("Grading started but did not finish. Please tell the course staff."),
    )
    try:  # before any worker or env host starts: they inherit it
        placement = one_cpu.pin_if_capped()
    except Exception as error:  # noqa: BLE001 - a placement is worth no grading
        placement = {"pinned_to": None, "why": f"not pinned: {type(error).__name__}"}
    plugin = GradescopePlugin()
    report = None
    work = Path(tempfile.mkdtemp(prefix="rlhw-grade-"))

    def write_partial(signum=None, frame=None):
        try:
            sandbox.kill_active()  # nothing of the student's outlives the grader
        finally:
            results.write_atomic(
                results_path, assemble(plugin, report, started, "grading reached its time limit")
            )
            sandbox.remove_tree(work)  # os._exit skips the finally below
            os._exit(0)

    signal.signal(signal.SIGTERM, write_partial)
    try:
        # work stays 0700: the sandbox opens it to its own run's user only (sandbox.py, share).
        student = work / "student"
        report = intake.intake(args.root / "submission", student, scheme.student_files())
        if sandbox.switches_user():
            # Hidden tests, expected outputs and results: root only from here on, and out of
            # the sandbox's view (launch.py: a private mount namespace, else permissions).
            os.chmod(args.root, 0o700)
            sandbox.hide(args.root)
        session = GradingSession(
            student_dir=student,
            expected_dir=SOURCE / "expected",
            work_dir=work,
            deadline=started + args.deadline - RESERVE_SECONDS,
            missing_files=tuple(report.missing),
        )
        import pytest

        hidden = SOURCE / "tests" / "hidden"
        pytest.main(
            [
                str(hidden),
                "-q",
                "-p",
                "no:cacheprovider",
                "-c",
                str(hidden / "pytest.ini"),
                "--rootdir",
                str(hidden),
                # No assertion rewriting: it would append the compared (expected) values
                # to a failing check's message. Nothing pytest reports reaches a student.
                "--assert=plain",
            ],
            plugins=[plugin, SessionPlugin(session)],
        )
        final = assemble(plugin, report, started)
        # Per-part cost, for the instructor and `make bench` (students do not see extra_data).
        final["extra_data"] = {"parts": session.timings, "cpu": placement}
        if plugin.collection_errors:
            final["output"] += (
                "\n\n**The grader could not load some of its tests; please tell the course staff.**"
            )
            print("\n".join(plugin.collection_errors), file=sys.stderr)
        results.write_atomic(results_path, final)
    except BaseException:  # noqa: BLE001 - whatever happens, results.json stays valid
        traceback.print_exc()
        results.write_atomic(
            results_path,
            assemble(
                plugin,
                report,
                started,
                "the grader hit an internal error (not your fault); please tell the course staff",
            ),
        )
    finally:
        sandbox.remove_tree(work)  # any depth: a hostile tree in it never stops this
    return 0


if __name__ == "__main__":
    sys.exit(main())
