"""`make regrade SUBMISSIONS=folder`: grade every student as Gradescope would, in parallel.

A course export has one sub-folder per student. Each is graded through the very same
run_autograder in a folder of its own (so the isolation is Gradescope's; the export folder is
hidden from every sandbox, so no student reads another's files). It prints one line per student
as each finishes ([k/N], score, time, failed tests, named mistakes) and writes, in `results/`:

- `regrade.csv`: per student the score, per-part totals, the named mistakes, whether it graded,
  the time, then one column per test in Gradescope's order (exact scores);
- `regrade-mistakes.txt`: how many students made each named mistake;
- `regrade-report.html`: the class report (autograder/grade/report.py), one self-contained page;
- `regrade-logs/<student>.log`: the grader's output for each student (pytest's, the sandbox's);
  `-v` (or RLHW_VERBOSE=1, `make regrade V=1`) prints it as it comes instead.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

from autograder.build import package
from autograder.grade import local as grade_local
from autograder.grade import report
from autograder.grade.report import Graded

MISTAKE = report.MISTAKE


def log_name(student: str, taken: set) -> str:
    """A file name for a student's log: their folder's name made safe, unique in the run."""
    base = re.sub(r"[^A-Za-z0-9._-]", "_", student).lstrip(".")[:80] or "student"
    name, index = base, 2
    while name in taken:
        name, index = f"{base}-{index}", index + 1
    taken.add(name)
    return f"{name}.log"


def grade_all(
    folder: Path, *, workers: int, log=print, logs: Path | None = None, on_graded=None
) -> list:
    """[Graded] in name order. logs: the folder for each student's grader output (None: it
    goes to this process's output). on_graded(graded, done, total) as each one finishes."""
    folder = Path(folder)
    students = sorted(p for p in folder.iterdir() if p.is_dir())
    if not students:
        raise SystemExit(f"SUBMISSIONS={folder}: no sub-folders (one per student) found")
    grade_local.ensure_expected(log)  # build the data once, before the graders need it
    if logs is not None:
        logs.mkdir(parents=True, exist_ok=True)
    taken, paths = set(), {}
    for student in students:
        paths[student] = None if logs is None else logs / log_name(student.name, taken)
        if paths[student] is not None:
            paths[student].write_text("")

    def one(student: Path) -> Graded:
        started = time.monotonic()
        try:
            results = grade_local.grade(
                student, log=lambda *_: None, hide=(folder,), output=paths[student]
            )
            error = ""
        except BaseException as exc:  # noqa: BLE001 - one student's failure is a row, not a crash
            if isinstance(exc, KeyboardInterrupt):
                raise
            results = {"score": 0.0, "tests": [], "output": ""}
            error = f"the grading raised {type(exc).__name__}: {exc}"
        return Graded(student.name, results, time.monotonic() - started, paths[student], error)

    graded, lock = [], threading.Lock()
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(one, student) for student in students]
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            with lock:
                graded.append(result)
                if on_graded is not None:
                    on_graded(result, len(graded), len(students))
    return sorted(graded, key=lambda g: g.student)


def regrade(folder: Path, *, workers: int, log=print) -> tuple[list, collections.Counter]:
    """[(student, results)] in name order, and how often each named mistake was seen (once per
    student)."""
    graded = grade_all(
        folder,
        workers=workers,
        log=log,
        on_graded=lambda g, done, total: log(f"{g.student}: {g.score:g}"),
    )
    return [(g.student, g.results) for g in graded], report.mistake_counts(graded)


def failed_checks(tests: list) -> list:
    """The checks with a failed case, by number ("1.2"); a part where every case failed is
    one entry ("3.*": a missing or broken file, typically)."""
    by_part = collections.defaultdict(lambda: collections.defaultdict(list))
    others = []
    for test in tests:
        key = report.number_key(test)
        if key[0] == 0 and len(key[1]) >= 2:
            by_part[key[1][0]][key[1][:2]].append(test.get("status") == "passed")
        elif test.get("status") != "passed":
            others.append(str(test.get("name", "")))
    labels = []
    for part in sorted(by_part):
        checks = by_part[part]
        if not any(passed for results in checks.values() for passed in results):
            labels.append(f"{part}.*")
            continue
        labels += [".".join(map(str, check)) for check in sorted(checks) if not all(checks[check])]
    return labels + others


def student_line(graded: Graded, done: int, total: int, name_width: int) -> str:
    """One line per student: [k/N], name, score, time, what failed, the named mistakes."""
    count = f"[{done:>{len(str(total))}}/{total}]"
    name = report.terminal_safe(graded.student)
    if len(name) > name_width:
        name = name[: name_width - 1] + "~"
    score = f"{report.people(graded.score):>6} / {report.people(report.TOTAL_POINTS)}"
    head = f"{count} {name:<{name_width}} {score} {graded.seconds:5.0f} s  "
    if graded.problem:
        return head + f"DID NOT GRADE: {graded.problem[:120]}"
    failed = [t for t in graded.tests if t.get("status") != "passed"]
    if not failed:
        return head + "all tests passed"
    shown = " ".join(failed_checks(graded.tests))
    if len(shown) > 48:
        shown = shown[: shown.rfind(" ", 0, 45)] + " ..."
    line = head + f"{len(failed)} tests failed ({shown})"
    mistakes = graded.mistakes
    if mistakes:
        more = f" +{len(mistakes) - 2} more" if len(mistakes) > 2 else ""
        line += "; named: " + "; ".join(mistakes[:2]) + more
    return line


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    parser.add_argument("--out", type=Path, default=package.REPO / "results")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=grade_local.verbose_from_env(),
        help="print each grader's output as it comes (also RLHW_VERBOSE=1) "
        "instead of into results/regrade-logs/",
    )
    args = parser.parse_args(argv)
    folder = args.submissions
    students = [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    if not students:
        raise SystemExit(f"SUBMISSIONS={folder}: no sub-folders (one per student) found")
    logs = None if args.verbose else args.out / "regrade-logs"
    print(
        f"Regrading {len(students)} students from {grade_local.shown(folder)}/, "
        f"{args.workers} at a time, each as Gradescope would"
        + (f" (each grader's output: {grade_local.shown(logs)}/<student>.log)." if logs else ".")
    )
    width = min(24, max(len(report.terminal_safe(p.name)) for p in students))
    started = time.monotonic()
    graded = grade_all(
        folder,
        workers=args.workers,
        logs=logs,
        on_graded=lambda g, done, total: print(student_line(g, done, total, width), flush=True),
    )
    elapsed = time.monotonic() - started
    args.out.mkdir(parents=True, exist_ok=True)
    csv_path = args.out / "regrade.csv"
    html_path = args.out / "regrade-report.html"
    report.write_csv(graded, csv_path)
    (args.out / "regrade-mistakes.txt").write_text(report.mistakes_text(graded))
    report.write_html(graded, html_path, source=str(folder))
    scores = [g.score for g in graded]
    failed = [g for g in graded if g.problem]
    counts = report.mistake_counts(graded)
    print()
    mean = report.people(statistics.fmean(scores))
    print(
        f"{len(graded)} students in {elapsed:.0f} s; mean {mean}"
        f" / {report.people(report.TOTAL_POINTS)}, median "
        f"{report.people(statistics.median(scores))}"
        + (f"; {len(failed)} did not grade" if failed else "")
    )
    if counts:
        top = ", ".join(f"{name} ({count})" for name, count in counts.most_common(5))
        print(
            f"most common named mistakes: {top}"
            + (f" and {len(counts) - 5} more" if len(counts) > 5 else "")
        )
    mistakes_path = grade_local.shown(args.out / "regrade-mistakes.txt")
    print(
        f"wrote {grade_local.shown(csv_path)}, {mistakes_path}"
        f" and the class report {grade_local.shown(html_path)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
