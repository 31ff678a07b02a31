"""`make bench`: what grading costs where Gradescope runs it, measured, as a table and as JSON.

    python benchmarks/bench.py [--json results/bench.json] [--quick] [--readme]

1. Three gradings through the real run_autograder, each inside a cgroup shaped like Gradescope's
   default container (0.5 CPU, 768 MB; benchmarks/cgroup.py, v1 or v2, as root): the reference
   (solutions/), the blank stubs (starter/) and a submission whose every graded function loops
   forever. For each: wall seconds, CPU seconds *from the cgroup* (every process, the sandbox
   users' included), peak memory, the memory limit's fail count and OOM kills, the score, and
   the grader's own per-part and per-case times (results.json extra_data). For the reference,
   the share of every clock it is judged by that it used (case CPU limit and wall backstop, part
   budget, the grader's deadline; target <= 1/3). Without a cgroup (not root, or neither v1 nor
   v2 available) it says why and falls back to an estimate: CPU seconds of the process tree /
   0.5, peak memory summed over the tree.
2. The handout's public tests on the reference.
3. A dense Bellman backup (2,000 states x 8 actions): the reference vs one einsum, as a ratio.
4. Atari-lite steps per second vs MinAtar (benchmarks/atari_lite_vs_minatar.py; MinAtar is
   optional: without it the rows say it was skipped).
5. The learning checks: env steps and CPU seconds the reference's train_dqn and train_reinforce
   take to first reach the graded threshold (5 seeds, the graded one first).

Items 2-5 are optional: one that fails is reported as failed and the others still run.
`--readme` rewrites README.md's cost table (between its cost-table markers) from this run.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder import scheme  # noqa: E402
from autograder.build import package  # noqa: E402
from benchmarks.cgroup import Cgroup, Unavailable  # noqa: E402

GRADESCOPE_VCPU = 0.5
GRADESCOPE_MEMORY_MB = 768
TARGET_CPU_SECONDS = 30.0  # a correct submission, on this machine class
TARGET_WALL_SECONDS = 60.0  # the same at 0.5 vCPU
TARGET_SHARE = 1 / 3  # of any clock a correct submission is judged by
README = REPO / "README.md"
TABLE_START, TABLE_END = "<!-- cost-table:start -->", "<!-- cost-table:end -->"


class TreeMemory:
    """Samples the summed resident memory of a process and all its descendants (the fallback
    when there is no cgroup to ask)."""

    def __init__(self, root_pid: int, interval: float = 0.05):
        self.root_pid, self.interval = root_pid, interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, self._tree_rss_kb())
            time.sleep(self.interval)

    def _tree_rss_kb(self) -> int:
        parents, rss = {}, {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/status") as handle:
                    fields = dict(line.split(":", 1) for line in handle if ":" in line)
                parents[int(entry.name)] = int(fields["PPid"])
                rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
            except (OSError, ValueError, KeyError):
                continue
        tree, frontier = {self.root_pid}, [self.root_pid]
        while frontier:
            parent = frontier.pop()
            for pid, ppid in parents.items():
                if ppid == parent and pid not in tree:
                    tree.add(pid)
                    frontier.append(pid)
        return sum(rss.get(pid, 0) for pid in tree)


def machine() -> dict:
    """What this was measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "torch": _installed("torch"),  # "+cpu": the CPU build Gradescope's setup.sh installs
        "kernel": platform.release(),
        "load_average": list(os.getloadavg()),
    }


def grade_measured(
    submission: Path, *, use_cgroup: bool = True, deadline: float | None = None
) -> dict:
    """Grade as Gradescope does: stage /autograder's layout (outside the measurement), then run
    only run_autograder, inside a Gradescope-shaped cgroup when possible; wall, CPU, memory, the
    results' score and the grader's own timings (results.json extra_data)."""
    from autograder.sandbox import launch

    root = Path(tempfile.mkdtemp(prefix="rlhw-autograder-"))
    try:
        package.stage_autograder(root / "source", log=lambda *a: None)
        compileall.compile_dir(root / "source", quiet=2)  # as setup.sh does in Gradescope's image
        shutil.copytree(
            submission,
            root / "submission",
            symlinks=True,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        env = {
            **os.environ,
            "AUTOGRADER_ROOT": str(root),
            "AUTOGRADER_PYTHON": sys.executable,
            # as grade_local: the repository and the submission are out of the sandbox's view
            launch.HIDDEN_PATHS_ENV: os.pathsep.join([str(REPO), str(submission.resolve())]),
        }
        if deadline is not None:
            env["AUTOGRADER_DEADLINE"] = str(deadline)
        group, why = None, "not asked for"
        if use_cgroup:
            try:
                group = Cgroup.create(cpus=GRADESCOPE_VCPU, memory_mb=GRADESCOPE_MEMORY_MB)
            except (Unavailable, OSError) as error:
                why = str(error)
        try:
            before = os.times()
            load_before = os.getloadavg()[0]
            started = time.monotonic()
            process = subprocess.Popen(
                ["bash", str(root / "source" / "run_autograder")],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                preexec_fn=None if group is None else group.enter,
            )
            with TreeMemory(process.pid) as memory:
                _, stderr = process.communicate()
            wall = time.monotonic() - started
            after = os.times()
            measured = group.stats() if group is not None else None
        finally:
            if group is not None:
                group.remove()
        out = root / "results" / "results.json"
        results = json.loads(out.read_text()) if out.exists() else None
    finally:
        launch.remove_tree(root)
    tree_cpu = (
        after.children_user + after.children_system - before.children_user - before.children_system
    )
    figures = {
        "wall_seconds": round(wall, 1),
        "load_average_before": round(load_before, 2),
        "exit_status": process.returncode,
    }
    if measured is not None:
        figures.update(where=group.describe(), **measured)
    else:
        figures.update(
            where=f"no cgroup ({why}): CPU of the reaped process tree, memory "
            "summed over the tree, wall at 0.5 vCPU estimated as CPU / 0.5",
            cpu_seconds=round(tree_cpu, 2),
            peak_memory_mb=round(memory.peak_kb / 1024, 1),
            estimated_wall_on_0_5_vcpu=round(tree_cpu / GRADESCOPE_VCPU, 1),
        )
    if results is None:
        figures["error"] = stderr.decode(errors="replace")[-2000:]
        return figures
    parts = results.get("extra_data", {}).get("parts", {})
    placement = results.get("extra_data", {}).get("cpu", {})
    figures.update(
        score=results["score"],
        max_score=sum(t["max_score"] for t in results.get("tests", [])),
        execution_time=results.get("execution_time"),
        failed_tests=sum(t.get("status") == "failed" for t in results["tests"]),
        not_run=sum(t.get("name") == "Tests not run" for t in results["tests"]),
        parts=parts,
        pinned_to_cpu=placement.get("pinned_to"),
    )
    return figures


def headroom(graded: dict) -> dict:
    """The largest share of each clock a grading used: every case's CPU limit and wall
    backstop, every part's budget, the grader's deadline (the reference: <= 1/3 each)."""
    limits = {}
    for part in scheme.PARTS:
        for job in scheme.jobs(part, reference=False):
            limits[job["key"]] = job
    worst = {"case_cpu": (0.0, ""), "case_wall": (0.0, ""), "part_wall": (0.0, "")}
    for part, figures in graded.get("parts", {}).items():
        budget = scheme.PARTS[part].budget_seconds
        share = figures.get("wall_seconds", 0.0) / budget
        if share > worst["part_wall"][0]:
            worst["part_wall"] = (share, f"{part}: {figures.get('wall_seconds')} s of {budget:g}")
        for key, job in figures.get("jobs", {}).items():
            limit = limits.get(key)
            if limit is None:
                continue
            cpu_limit = limit.get("cpu_seconds", limit["timeout"])
            wall_limit = limit["timeout"]
            share = job.get("cpu_seconds", 0.0) / cpu_limit
            if share > worst["case_cpu"][0]:
                worst["case_cpu"] = (
                    share,
                    f"{key}: {job.get('cpu_seconds')} CPU s of {cpu_limit:g}",
                )
            share = job.get("wall_seconds", 0.0) / wall_limit
            if share > worst["case_wall"][0]:
                worst["case_wall"] = (
                    share,
                    f"{key}: {job.get('wall_seconds')} s of {wall_limit:g}",
                )
    deadline = getattr(scheme, "GRADER_DEADLINE_SECONDS", None) or scheme.GLOBAL_DEADLINE_SECONDS
    total = graded.get("wall_seconds", 0.0)
    report = {
        name: {"share": round(share, 3), "where": where} for name, (share, where) in worst.items()
    }
    report["deadline_wall"] = {
        "share": round(total / deadline, 3),
        "where": f"{total} s of {deadline:g}",
    }
    return report


def timeout_everywhere_submission(folder: Path) -> Path:
    """Every graded function loops forever: the worst case for the grader's clocks."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in scheme.student_files():
        lines = [(REPO / "solutions" / name).read_text()]
        for function in _contract_functions(name):
            lines.append(f"\ndef {function}(*args, **kwargs):\n    while True:\n        pass\n")
        (folder / name).write_text("".join(lines))
    return folder


def _contract_functions(file_name: str) -> list:
    return [name for name in scheme.contract()[file_name] if name[0].islower()]


def public_tests_seconds() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        handout = package.stage_handout(Path(tmp) / "handout")
        for name in scheme.student_files():
            (handout / name).write_text((REPO / "solutions" / name).read_text())
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "tests/public"],
            cwd=handout,
            check=True,
            capture_output=True,
        )
        return round(time.monotonic() - started, 2)


def backup_ratio(repeats: int = 5) -> dict:
    import numpy as np

    sys.path.insert(0, str(REPO / "solutions"))
    import dp

    from envs.random_mdp import random_mdp

    mdp = random_mdp(2000, 8, seed=0, gamma=0.9)
    V = np.random.default_rng(0).normal(size=2000)

    def best(function):
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        return min(times)

    reference = best(lambda: dp.bellman_backup_v(mdp, V))
    # The floor: the same arithmetic as one einsum over the same arrays.
    floor = best(
        lambda: (
            np.einsum("ijk,ijk->ij", mdp.P, mdp.R) + mdp.gamma * np.einsum("ijk,k->ij", mdp.P, V)
        ).max(axis=1)
    )
    return {
        "reference_ms": round(reference * 1e3, 1),
        "einsum_floor_ms": round(floor * 1e3, 1),
        "ratio": round(reference / floor, 2),
    }


def atari_lite() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "atari.json"
        run = subprocess.run(
            [
                sys.executable,
                str(REPO / "benchmarks" / "atari_lite_vs_minatar.py"),
                "--json",
                str(out),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if not out.exists():
            return {"error": f"benchmark failed: {run.stderr.strip()[-500:]}"}
        return json.loads(out.read_text())


def _learning_run(part: str, seed: int) -> dict:
    """The reference's training at the graded budget and case, with the seed replaced; the
    episode at which the graded threshold is first met, its env steps and CPU seconds."""
    import gymnasium
    import numpy as np
    import torch

    from autograder.grade.verdicts import learning_verdict
    from autograder.sandbox.env_host import make_env

    torch.set_num_threads(1)
    sys.path.insert(0, str(REPO / "solutions"))
    module = __import__(part)
    check = scheme.check(f"{part}.train")
    case = next(iter(check.cases.values()))
    ends = []  # (env steps so far, CPU seconds so far) at the end of every episode

    class Clock(gymnasium.Wrapper):
        steps = 0

        def step(self, action):
            result = super().step(action)
            Clock.steps += 1
            if result[2] or result[3]:
                ends.append((Clock.steps, time.process_time() - started))
            return result

    env = Clock(make_env(case["env"]))
    if part == "dqn":
        started = time.process_time()
        returns = module.train_dqn(
            env, case["num_steps"], seed=seed, progress=False, **case.get("hyperparameters", {})
        )
    else:
        started = time.process_time()
        returns = module.train_reinforce(
            env,
            case["num_iterations"],
            seed=seed,
            progress=False,
            **case.get("hyperparameters", {}),
        )
    total = time.process_time() - started
    last, reached = case["last"], None
    for i in range(last, len(returns) + 1):  # the graded rule on the returns so far
        if learning_verdict(case, returns[:i])[0]:
            reached = i - 1
            break
    steps, cpu = ends[reached] if reached is not None else (None, None)
    return {
        "seed": seed,
        "score": round(float(np.mean(returns[-last:])), 2),
        "episodes": len(returns),
        "total_steps": Clock.steps,
        "total_cpu_seconds": round(total, 2),
        "threshold_at_episode": reached,
        "threshold_at_step": steps,
        "threshold_at_cpu_seconds": None if cpu is None else round(cpu, 2),
    }


def learning_checks(seeds=(0, 1, 2, 3, 4)) -> dict:
    """Steps and CPU seconds the reference needs to reach each learning check's threshold (the
    graded seed is 0; the others show the spread), one fresh process per run."""
    report = {}
    for part in ("dqn", "reinforce"):
        runs = []
        for seed in seeds:
            out = subprocess.run(
                [sys.executable, __file__, "--learning-run", part, str(seed)],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        reached = [r for r in runs if r["threshold_at_step"] is not None]
        report[part] = {
            "threshold": {
                k: v
                for k, v in next(iter(scheme.check(f"{part}.train").cases.values())).items()
                if k in ("min_return", "min_improvement", "num_steps", "num_iterations")
            },
            "runs": runs,
            "reached": f"{len(reached)}/{len(runs)}",
            "median_steps_to_threshold": _median([r["threshold_at_step"] for r in reached]),
            "median_cpu_seconds_to_threshold": _median(
                [r["threshold_at_cpu_seconds"] for r in reached]
            ),
            "median_cpu_seconds_full_budget": _median([r["total_cpu_seconds"] for r in runs]),
        }
    return report


def _median(values):
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def optional(report: dict, name: str, function, log=print) -> None:
    """Run one optional benchmark; a failure is recorded, never raised."""
    try:
        report[name] = function()
    except Exception as error:  # noqa: BLE001 - an optional figure never stops the bench
        report[name] = {"error": f"{type(error).__name__}: {error}"}
        log(f"{name}: failed ({type(error).__name__}: {error})")
        traceback.print_exc()


SUBMISSIONS = {
    "reference": "solutions/",
    "blank_stubs": "starter/",
    "hang_everywhere": "every graded function loops forever",
}


def gradings(quick: bool, log=print) -> dict:
    found = {}
    log("grading the reference ...")
    found["reference"] = grade_measured(REPO / "solutions")
    found["reference"]["headroom"] = headroom(found["reference"])
    log("grading the blank stubs ...")
    found["blank_stubs"] = grade_measured(REPO / "starter")
    if not quick:
        log("grading a submission that loops forever in every function ...")
        with tempfile.TemporaryDirectory() as tmp:
            folder = timeout_everywhere_submission(Path(tmp) / "loops")
            found["hang_everywhere"] = grade_measured(folder)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=REPO / "results" / "bench.json")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the slow hang-everywhere grading and the learning checks",
    )
    parser.add_argument(
        "--gradings-only",
        action="store_true",
        help="only the three gradings (no optional benchmarks)",
    )
    parser.add_argument(
        "--learning-only",
        action="store_true",
        help="only the learning checks' rows (updates them in the JSON file)",
    )
    parser.add_argument(
        "--readme", action="store_true", help="rewrite README.md's cost table from this run"
    )
    parser.add_argument(
        "--readme-only",
        action="store_true",
        help="rewrite README.md's cost table from the JSON file, measure nothing",
    )
    parser.add_argument(
        "--learning-run", nargs=2, metavar=("PART", "SEED"), help=argparse.SUPPRESS
    )  # one run of learning_checks, in its process
    args = parser.parse_args(argv)
    if args.learning_run:
        print(json.dumps(_learning_run(args.learning_run[0], int(args.learning_run[1]))))
        return 0
    if args.readme_only:
        update_readme(json.loads(args.json.read_text()))
        return 0
    if args.learning_only:
        report = json.loads(args.json.read_text()) if args.json.exists() else {}
        optional(report, "learning_checks", learning_checks)
        _print_rows(_learning_rows(report))
        _write(args.json, report)
        return 0
    report = {
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip(),
        "machine": machine(),
        "clocks": clocks(),
    }
    package.stage_autograder(REPO / "build" / "autograder", log=lambda *a: None)  # warm the cache
    report["gradings"] = gradings(args.quick)
    if not args.gradings_only:
        optional(report, "public_tests_seconds", public_tests_seconds)
        optional(report, "dense_backup_2000x8", backup_ratio)
        optional(report, "atari_lite_vs_minatar", atari_lite)
        if not args.quick:
            optional(report, "learning_checks", learning_checks)
    report["machine"]["load_average_after"] = list(os.getloadavg())
    print_table(report)
    _write(args.json, report)
    if args.readme:
        update_readme(report)
        print(f"rewrote the cost table in {README.relative_to(REPO)}")
    return 0


def clocks() -> dict:
    """The scheme's clocks this run was judged by."""
    found = {"parts": {name: part.budget_seconds for name, part in scheme.PARTS.items()}}
    for name in ("PLATFORM_TIMEOUT_SECONDS", "GRADER_DEADLINE_SECONDS", "GLOBAL_DEADLINE_SECONDS"):
        if hasattr(scheme, name):
            found[name] = getattr(scheme, name)
    return found


def _write(path: Path, report: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2))
    print(f"\nwrote {path}")


def _part_list(parts: dict, key: str = "cpu_seconds") -> str:
    return ", ".join(f"{part} {figures.get(key, 0):.1f}" for part, figures in parts.items())


def table_rows(report: dict) -> list:
    """(what, figure, target) rows: the README's cost table and the printed one."""
    rows = []
    graded = report.get("gradings", {})
    deadline = report.get("clocks", {}).get("GRADER_DEADLINE_SECONDS") or report.get(
        "clocks", {}
    ).get("GLOBAL_DEADLINE_SECONDS")
    platform_timeout = report.get("clocks", {}).get("PLATFORM_TIMEOUT_SECONDS")
    for name, label in SUBMISSIONS.items():
        figures = graded.get(name)
        if figures is None:
            continue
        if "error" in figures:
            rows.append((f"{label}: grading", f"failed: {figures['error'][-200:]}", ""))
            continue
        wall = figures.get("estimated_wall_on_0_5_vcpu", figures["wall_seconds"])
        estimated = "estimated " if "estimated_wall_on_0_5_vcpu" in figures else ""
        target = ""
        if name == "reference":
            target = f"<= {TARGET_WALL_SECONDS:g} s wall, <= {TARGET_CPU_SECONDS:g} CPU-s"
        elif name == "hang_everywhere" and platform_timeout:
            target = (
                f"results.json final >= 60 s before the {platform_timeout:g} s "
                f"platform timeout (here {platform_timeout - wall:.0f} s before it)"
            )
        rows.append(
            (
                f"{label}: {estimated}wall at 0.5 vCPU, CPU-s",
                f"{wall:.0f} s, {figures['cpu_seconds']:.1f} CPU-s "
                f"(parts, CPU-s: {_part_list(figures.get('parts', {}))})",
                target,
            )
        )
        rows.append(
            (
                f"{label}: peak memory, OOM kills, memory-limit hits, score",
                f"{figures['peak_memory_mb']:.0f} MB, {figures.get('oom_kills', '-')}, "
                f"{figures.get('memory_failcnt', '-')}, {figures['score']:g} / "
                f"{figures['max_score']:g}",
                f"<= {GRADESCOPE_MEMORY_MB} MB, no OOM" if name == "reference" else "",
            )
        )
    if "reference" in graded and "pinned_to_cpu" in graded["reference"]:
        cpu = graded["reference"]["pinned_to_cpu"]
        rows.append(
            (
                "grader's placement (autograder/grade/one_cpu.py)",
                "no quota of at most one CPU seen: not pinned"
                if cpu is None
                else f"pinned to CPU {cpu} under the cgroup's quota",
                "one CPU under a quota <= 1",
            )
        )
    share = graded.get("reference", {}).get("headroom")
    if share:
        worst = max(share.values(), key=lambda s: s["share"])
        rows.append(
            (
                "solutions/: largest share of any clock it is judged by",
                f"{worst['share']:.2f} ({worst['where']})",
                f"<= {TARGET_SHARE:.2f}",
            )
        )
        for name, figures in share.items():
            rows.append(
                (f"  {name.replace('_', ' ')}", f"{figures['share']:.2f} ({figures['where']})", "")
            )
    if deadline:
        rows.append(("grader's deadline (results.json final)", f"{deadline:g} s", ""))
    public = report.get("public_tests_seconds")
    if public is not None:
        rows.append(
            (
                "handout's public tests on the reference",
                f"{public} s" if not isinstance(public, dict) else public["error"],
                "",
            )
        )
    backup = report.get("dense_backup_2000x8")
    if backup:
        rows.append(
            (
                "dense backup, 2,000 states x 8 actions",
                backup.get("error")
                or (
                    f"reference {backup['reference_ms']} ms, "
                    f"einsum floor {backup['einsum_floor_ms']} ms: {backup['ratio']}x"
                ),
                "<= 2x",
            )
        )
    atari = report.get("atari_lite_vs_minatar")
    if atari:
        if "error" in atari:
            rows.append(("Atari-lite vs MinAtar", atari["error"], ""))
        elif not atari.get("minatar"):
            speeds = ", ".join(
                f"{g['game']} {g['frame_size']}px {g['make']:,.0f}" for g in atari.get("ours", [])
            )
            rows.append(
                ("Atari-lite steps/s via gymnasium (MinAtar not installed: skipped)", speeds, "")
            )
        else:
            ratios = [g["ratio_make"] for g in atari.get("ours", [])]
            rows.append(
                (
                    "Atari-lite vs MinAtar Breakout, steps/s via gymnasium",
                    f"{min(ratios):.1f}x to {max(ratios):.1f}x faster",
                    ">= 1x",
                )
            )
    rows += _learning_rows(report)
    return rows


def print_table(report: dict) -> None:
    print(f"\nmeasured on {_machine_line(report)}")
    where = {f.get("where") for f in report.get("gradings", {}).values()}
    for line in sorted(w for w in where if w):
        print(f"gradings: {line}")
    _print_rows(table_rows(report))


def _installed(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _machine_line(report: dict) -> str:
    m = report.get("machine", {})
    load = m.get("load_average", [0])[0]
    torch = m.get("torch", "")
    build = (
        " (not the CPU build that Gradescope gets: a CUDA build's import costs more)"
        if torch and torch != "not installed" and "+cpu" not in torch
        else ""
    )
    return (
        f"{m.get('cpu') or 'an unknown CPU'}, {m.get('cores')} cores, Python "
        f"{m.get('python')} with torch {torch or 'of unknown build'}{build}, Linux "
        f"{m.get('kernel')}, load average {load:.1f} at the start"
    )


def update_readme(report: dict) -> None:
    text = README.read_text()
    if TABLE_START not in text or TABLE_END not in text:
        raise SystemExit(f"README.md has no {TABLE_START} ... {TABLE_END} markers")
    where = sorted({f.get("where") for f in report.get("gradings", {}).values() if f.get("where")})
    python = report.get("machine", {}).get("python", "")
    note = "" if python.startswith("3.10") else " (Gradescope's Ubuntu 22.04 image runs 3.10)"
    lines = [
        f"Measured by `make bench` on {_machine_line(report)}{note}; gradings in "
        f"{'; '.join(where)}.",
        "",
        "| what | figure | target |",
        "| --- | --- | --- |",
    ]
    for name, value, target in table_rows(report):
        lines.append(f"| {name.strip()} | {value} | {target} |")
    start = text.index(TABLE_START) + len(TABLE_START)
    end = text.index(TABLE_END)
    README.write_text(text[:start] + "\n" + "\n".join(lines) + "\n" + text[end:])


def _learning_rows(report: dict) -> list:
    rows = []
    checks = report.get("learning_checks", {})
    if "error" in checks:
        return [("learning checks", checks["error"], "")]
    for part, figures in checks.items():
        rows.append(
            (
                f"{part} learning check: threshold reached (seeds)",
                figures["reached"],
                str(figures["threshold"]),
            )
        )
        rows.append(
            (
                f"{part} learning check: median steps / CPU s to threshold",
                f"{figures['median_steps_to_threshold']} / "
                f"{figures['median_cpu_seconds_to_threshold']}",
                f"full budget {figures['median_cpu_seconds_full_budget']} CPU s",
            )
        )
    return rows


def _print_rows(rows: list) -> None:
    if not rows:
        return
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value!s}  {note}")


if __name__ == "__main__":
    sys.exit(main())
