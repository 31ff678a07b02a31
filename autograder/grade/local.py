"""`make grade [SUBMISSION=path]`: grade a folder exactly as Gradescope would, then print a table.

It stages the autograder zip's contents into a temporary folder laid out like `/autograder/`,
copies the submission into `submission/`, runs the very same `run_autograder` script, keeps the
results at `results/results.json` and prints a readable score table.

As root it is the same boundary as Gradescope, and more is secret here: the repository (the
sandbox's interpreter is its `.venv`), the submission folder and, for `make regrade`, every
other student's folder. They are passed to the grader as hidden paths (`RLHW_HIDDEN_PATHS`,
see autograder/sandbox/launch.py): the sandbox sees none of them but the venv.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.build import package
from autograder.sandbox import launch

REPO = package.REPO
KEPT_RESULTS = REPO / "results" / "results.json"


def grade(submission: Path, *, deadline: float | None = None, log=print,
          hide: tuple = ()) -> dict:
    """Grade one submission folder through run_autograder; returns the results.json object.

    hide: more paths the sandbox must not see (regrade.py: the folder of every student)."""
    submission = Path(submission)
    if not submission.is_dir():
        raise SystemExit(f"SUBMISSION={submission}: no such folder (give a folder of .py files)")
    root = Path(tempfile.mkdtemp(prefix="rlhw-autograder-"))
    try:
        package.stage_autograder(root / "source", log=log)
        shutil.copytree(submission, root / "submission", symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
        secret = [str(REPO), str(submission.resolve()), *(str(Path(p).resolve()) for p in hide)]
        env[launch.HIDDEN_PATHS_ENV] = os.pathsep.join(
            [*secret, *filter(None, [os.environ.get(launch.HIDDEN_PATHS_ENV)])])
        if deadline is not None:
            env["AUTOGRADER_DEADLINE"] = str(deadline)
        subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env, check=False)
        return json.loads((root / "results" / "results.json").read_text())
    finally:
        launch.remove_tree(root)  # any depth: the submission's copy is the student's tree


def table(results: dict) -> str:
    rows = [f"{'':2} {'test':<72} {'score':>11}"]
    for test in results.get("tests", []):
        mark = "ok" if test.get("status") == "passed" else "XX"
        name = f"{test.get('number', '')} {test['name']}"[:72]
        rows.append(f"{mark:2} {name:<72} {test['score']:>5g} / {test['max_score']:<4g}")
    total = sum(t["max_score"] for t in results.get("tests", []))
    rows.append(f"{'':2} {'TOTAL':<72} {results['score']:>5g} / {total:<4g}")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submission", type=Path, nargs="?", default=REPO / "solutions")
    parser.add_argument("--quiet", action="store_true", help="print only the total")
    args = parser.parse_args(argv)
    started = time.monotonic()
    cpu_before = os.times()
    results = grade(args.submission)
    cpu_after = os.times()
    KEPT_RESULTS.parent.mkdir(exist_ok=True)
    KEPT_RESULTS.write_text(json.dumps(results, indent=2))
    if not args.quiet:
        print(table(results))
    cpu = (cpu_after.children_user + cpu_after.children_system
           - cpu_before.children_user - cpu_before.children_system)
    print(f"\nscore {results['score']:g}; results.json kept at {KEPT_RESULTS.relative_to(REPO)}; "
          f"{time.monotonic() - started:.1f} s wall, {cpu:.1f} s CPU in grading processes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
