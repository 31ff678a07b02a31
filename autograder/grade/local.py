"""`make grade [SUBMISSION=path]`: grade a folder exactly as Gradescope would, then print a table.

It stages the autograder zip's contents into a temporary folder laid out like `/autograder/`,
copies the submission into `submission/`, runs the very same `run_autograder` script, keeps the
results at `results/results.json` and prints a readable score table.

Quiet by default: a header, a progress line for the one-time expected-data build (when the data
is stale) and for the grading, the table and one closing line. The hidden suite's pytest output
and the grader's log go to `results/grade.log`; `-v` (or RLHW_VERBOSE=1, `make grade V=1`)
prints them as they come instead.

As root it is the same boundary as Gradescope, and more is secret here: the repository (the
sandbox's interpreter is its `.venv`), the submission folder and, for `make regrade`, every
other student's folder. They are passed to the grader as hidden paths (`RLHW_HIDDEN_PATHS`,
see autograder/sandbox/launch.py): the sandbox sees none of them but the venv.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder import scheme
from autograder.build import expected, package
from autograder.grade import report
from autograder.sandbox import launch

REPO = package.REPO
RESULTS = REPO / "results"
KEPT_RESULTS = RESULTS / "results.json"
VERBOSE_ENV = "RLHW_VERBOSE"
# expected.build's progress: "[k/N] part: what ran".
BUILD_STEP = re.compile(r"^\[(\d+)/(\d+)\]\s*(.*)$")
# pytest -q ends each line of dots with its progress: "...F..   [ 45%]".
PYTEST_PERCENT = re.compile(rb"\[\s*(\d{1,3})%\]")


def verbose_from_env() -> bool:
    return os.environ.get(VERBOSE_ENV, "").strip().lower() not in ("", "0", "no", "false")


def shown(path: Path) -> str:
    """A path as a person types it: relative to the current folder when it is under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Progress:
    """A progress line: on a terminal one line redrawn in place (`[k/N] ####---- what`);
    elsewhere (a log, CI) a line at each quarter of the way, so it stays short."""

    def __init__(self, title: str, stream=None, width: int = 24):
        self.title = title
        self.stream = stream or sys.stdout
        self.width = width
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.monotonic()
        self.quarter = 0
        self.drawn = False

    def update(self, done: float, total: float, label: str = "", unit: str = "") -> None:
        fraction = max(0.0, min(1.0, done / total)) if total else 0.0
        elapsed = time.monotonic() - self.started
        count = f"[{done:g}/{total:g}]" if unit == "" else f"{100 * fraction:3.0f}%"
        if self.tty:
            filled = int(round(self.width * fraction))
            bar = "#" * filled + "-" * (self.width - filled)
            line = f"  {self.title} {bar} {count} {elapsed:4.0f} s  {label}"
            columns = shutil.get_terminal_size((100, 24)).columns
            self.stream.write("\r" + line[: columns - 1].ljust(columns - 1))
            self.drawn = True
        elif int(4 * fraction) > self.quarter or (fraction >= 1 and self.quarter < 4):
            self.quarter = int(4 * fraction)
            self.stream.write(f"  {self.title} {count} {elapsed:.0f} s\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """A log line of expected.build: its [k/N] becomes progress; anything else is shown."""
        match = BUILD_STEP.match(str(text))
        if match:
            self.update(int(match.group(1)), int(match.group(2)), match.group(3))
        else:
            self.close()
            self.stream.write(f"  {text}\n")

    def close(self) -> None:
        if self.tty and self.drawn:
            columns = shutil.get_terminal_size((100, 24)).columns
            self.stream.write("\r" + " " * (columns - 1) + "\r")
            self.stream.flush()
            self.drawn = False


class DataBuild:
    """The expected-data build as a person sees it: announced as one-time at its first step,
    a progress line (each step when verbose), its time reported apart from grading."""

    def __init__(self, say=print, stream=None, verbose: bool = False):
        self.say, self.verbose = say, verbose
        self.bar = Progress("expected data", stream)
        self.announced = False

    def announce(self) -> None:
        if self.announced:
            return
        self.announced = True
        mistakes = len(expected.load_mistakes())
        runs = len(scheme.PARTS) + mistakes
        self.say(
            f"One-time build of the expected data: the reference and {mistakes} known "
            f"mistakes through the probes ({runs} runs on {os.cpu_count()} cores);"
        )
        self.say(
            f"later runs reuse {shown(package.EXPECTED_CACHE)}/ until the reference, the "
            "probes, the mistake bank or the scheme change."
        )

    def log(self, text: str) -> None:
        self.announce()
        if self.verbose:
            self.say(text)
        else:
            self.bar.message(text)

    def done(self, seconds: float) -> None:
        self.bar.close()
        if self.announced:
            self.say(
                f"Expected data ready in {seconds:.0f} s (one-time; not counted as grading time)."
            )


def ensure_expected(say=print, stream=None, verbose: bool = False) -> float | None:
    """Build the expected data when it is stale, with a progress line; the seconds it took,
    or None when it was already fresh."""
    if expected.is_fresh(package.EXPECTED_CACHE):
        return None
    build = DataBuild(say, stream, verbose)
    build.announce()
    started = time.monotonic()
    expected.ensure(package.EXPECTED_CACHE, log=build.log)
    seconds = time.monotonic() - started
    build.done(seconds)
    return seconds


def grade(
    submission: Path,
    *,
    deadline: float | None = None,
    log=print,
    hide: tuple = (),
    output: Path | None = None,
    progress=None,
    timings: dict | None = None,
) -> dict:
    """Grade one submission folder through run_autograder; returns the results.json object.

    hide: more paths the sandbox must not see (regrade.py: the folder of every student).
    output: a file that receives the grader's stdout and stderr (the hidden suite's pytest
    output, the grader's log); None: they go where this process's output goes.
    progress: called with the hidden suite's percentage as it advances (output given only).
    timings: receives the seconds of "staging" (the expected data included, if it had to be
    built) and of "grading" (run_autograder: wall, and CPU as "grading_cpu", exact when no
    other grading runs in this process)."""
    timings = {} if timings is None else timings
    submission = Path(submission)
    if not submission.is_dir():
        raise SystemExit(f"SUBMISSION={submission}: no such folder (give a folder of .py files)")
    root = Path(tempfile.mkdtemp(prefix="rlhw-autograder-"))
    try:
        started = time.monotonic()
        package.stage_autograder(root / "source", log=log)
        timings["staging"] = time.monotonic() - started
        started, cpu = time.monotonic(), os.times()
        shutil.copytree(
            submission,
            root / "submission",
            symlinks=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
        secret = [str(REPO), str(submission.resolve()), *(str(Path(p).resolve()) for p in hide)]
        env[launch.HIDDEN_PATHS_ENV] = os.pathsep.join(
            [*secret, *filter(None, [os.environ.get(launch.HIDDEN_PATHS_ENV)])]
        )
        if deadline is not None:
            env["AUTOGRADER_DEADLINE"] = str(deadline)
        command = ["bash", str(root / "source" / "run_autograder")]
        if output is None:
            subprocess.run(command, env=env, check=False)
        else:
            output = Path(output)
            output.parent.mkdir(parents=True, exist_ok=True)
            start = output.stat().st_size if output.exists() else 0
            # pytest -q marks its progress at each line's end: shorter lines, finer progress
            env["COLUMNS"] = "40"
            with open(output, "ab") as sink:
                process = subprocess.Popen(
                    command,
                    env=env,
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
                _follow(process, output, start, progress)
        timings["grading"] = time.monotonic() - started
        after = os.times()  # the grader and the sandbox are reaped children
        timings["grading_cpu"] = (
            after.children_user + after.children_system - cpu.children_user - cpu.children_system
        )
        return json.loads((root / "results" / "results.json").read_text())
    finally:
        launch.remove_tree(root)  # any depth: the submission's copy is the student's tree


def _follow(process: subprocess.Popen, path: Path, start: int, progress) -> None:
    """Wait for the grader, reading its log file for pytest's percentage. Reading the file (not
    a pipe) means a process the grader left behind can never keep this waiting."""
    if progress is None:
        process.wait()
        return
    percent = 0
    with open(path, "rb") as reader:
        reader.seek(start)
        tail = b""
        while True:
            finished = process.poll() is not None
            chunk = reader.read()
            if chunk:
                text, tail = tail + chunk, (tail + chunk)[-16:]  # a mark split across reads
                found = PYTEST_PERCENT.findall(text)
                if found:
                    percent = min(100, int(found[-1]))
            progress(percent)  # also while it stays put: the clock moves on
            if finished:
                return
            time.sleep(0.25)


def table(results: dict, width: int | None = None) -> str:
    return report.table(results, width)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submission", type=Path, nargs="?", default=REPO / "solutions")
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=verbose_from_env(),
        help=f"print the hidden suite's and the grader's output as it comes "
        f"(also {VERBOSE_ENV}=1) instead of into results/grade.log",
    )
    parser.add_argument("--quiet", action="store_true", help="print only the closing line")
    parser.add_argument(
        "--out",
        type=Path,
        default=RESULTS,
        help="where results.json and grade.log are kept (default: results/)",
    )
    parser.add_argument(
        "--zip", action="store_true", help="build dist/autograder.zip instead (`make autograder`)"
    )
    args = parser.parse_args(argv)
    if args.zip:
        return build_zip(verbose=args.verbose)
    say = (lambda *_: None) if args.quiet else print
    submission = args.submission
    say(
        f"Grading {shown(submission)}/ as Gradescope would (run_autograder in a temporary "
        "/autograder-like folder)."
    )
    quiet_stream = io.StringIO() if args.quiet else None
    build_seconds = ensure_expected(say, quiet_stream, verbose=args.verbose) or 0.0
    args.out.mkdir(parents=True, exist_ok=True)
    log_path = None if args.verbose else args.out / "grade.log"
    if log_path is not None:
        log_path.write_text("")
    bars = []

    def progress(percent):
        if not bars:  # the clock starts with the hidden suite
            bars.append(Progress("grading", quiet_stream))
        bars[0].update(percent, 100, unit="%")

    # The data can go stale again while waiting (someone edits a source): staging rebuilds it.
    rebuild = DataBuild(say, quiet_stream, verbose=args.verbose)
    timings = {}
    results = grade(
        submission,
        output=log_path,
        log=rebuild.log,
        timings=timings,
        progress=None if log_path is None else progress,
    )
    for bar in bars:
        bar.close()
    if rebuild.announced:
        rebuild.done(timings.get("staging", 0.0))
        build_seconds += timings.get("staging", 0.0)
    kept = args.out / "results.json"
    kept.write_text(json.dumps(results, indent=2))
    if not args.quiet:
        print()
        print(report.table(results))
        print()
    where = f" See {shown(log_path)}." if log_path else ""
    if not results.get("tests"):
        say("The grader wrote no tests: " + report._first_line(results.get("output", "")) + where)
    errors = report.internal_errors(results)
    if errors:
        say(
            f"The grader hit an internal error in {errors} tests (not the student's fault); "
            f"its report is in the log, after '[grader] internal error'.{where}"
        )
    cpu = timings.get("grading_cpu", 0.0)
    graded_in = timings.get("grading", 0.0)
    built = f" (after a {build_seconds:.0f} s one-time data build)" if build_seconds else ""
    log_note = f"; log: {shown(log_path)}" if log_path else ""
    print(
        f"score {report.people(results['score'])} / {report.people(report.TOTAL_POINTS)}; "
        f"graded in {graded_in:.1f} s wall, {cpu:.1f} s CPU{built}; "
        f"results: {shown(kept)}{log_note}"
    )
    return 0


def build_zip(verbose: bool = False) -> int:
    """`make autograder`: the expected data (with progress when it is built), then the zip."""
    ensure_expected(print, verbose=verbose)
    package.build_autograder_zip(log=print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
