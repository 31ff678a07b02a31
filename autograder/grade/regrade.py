"""`make regrade SUBMISSIONS=folder`: grade every student as Gradescope would, in parallel.

A course export has one sub-folder per student. Each is graded through the very same
run_autograder in a folder of its own (so the isolation is Gradescope's; the export folder is
hidden from every sandbox, so no student reads another's files), and the results are
written as `results/regrade.csv` (one row per student, one column per test) plus a summary of the
most common named mistakes, `results/regrade-mistakes.txt`.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import csv
import os
import re
import sys
from pathlib import Path

from autograder.build import package
from autograder.grade import local as grade_local

MISTAKE = re.compile(r"\*\*Known mistake: (.+?)\.\*\*")


def regrade(folder: Path, *, workers: int, log=print) -> tuple[list, collections.Counter]:
    """[(student, results)] in name order, and how often each named mistake was seen."""
    students = sorted(p for p in Path(folder).iterdir() if p.is_dir())
    if not students:
        raise SystemExit(f"SUBMISSIONS={folder}: no sub-folders (one per student) found")
    package.stage_autograder(package.REPO / "build" / "autograder", log=log)  # build data once
    graded = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(grade_local.grade, student, log=lambda *_: None,
                               hide=(folder,)): student
                   for student in students}
        for future in concurrent.futures.as_completed(futures):
            student = futures[future]
            graded[student.name] = future.result()
            log(f"{student.name}: {graded[student.name]['score']:g}")
    mistakes = collections.Counter()
    for results in graded.values():
        seen = set()
        for test in results.get("tests", []):
            seen.update(MISTAKE.findall(test.get("output", "")))
        mistakes.update(seen)  # once per student, however many cases showed it
    return sorted(graded.items()), mistakes


def write_csv(rows: list, path: Path) -> None:
    names = []
    for _, results in rows:
        for test in results.get("tests", []):
            label = f"{test.get('number', '')} {test['name']}".strip()
            if label not in names:
                names.append(label)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "score", *names])
        for student, results in rows:
            scores = {f"{t.get('number', '')} {t['name']}".strip(): t["score"]
                      for t in results.get("tests", [])}
            writer.writerow([student, results["score"], *(scores.get(n, "") for n in names)])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    parser.add_argument("--out", type=Path, default=package.REPO / "results")
    args = parser.parse_args(argv)
    rows, mistakes = regrade(args.submissions, workers=args.workers)
    write_csv(rows, args.out / "regrade.csv")
    lines = [f"{count:4d}  {name}" for name, count in mistakes.most_common()]
    summary = "\n".join(["students  named mistake", *lines]) if lines else "no named mistakes"
    (args.out / "regrade-mistakes.txt").write_text(summary + "\n")
    print(f"\n{summary}\n\nwrote {args.out / 'regrade.csv'} ({len(rows)} students)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
