"""`make bench`: what grading costs, measured, printed as a table and written as JSON.

    python benchmarks/bench.py [--json bench.json] [--quick]

1. Grading a correct submission end to end through run_autograder: wall and CPU seconds of the
   whole process tree, peak memory summed over the tree (sampled from /proc), per part, and the
   estimated wall time on Gradescope's default 0.5 vCPU container (CPU seconds / 0.5).
2. Grading a submission that times out in every part: it stays inside the global deadline.
3. The handout's public tests on the reference.
4. A dense Bellman backup (2,000 states x 8 actions): the reference vs one einsum over the same
   arrays, as a ratio measured in the same run.
5. Atari-lite steps per second vs MinAtar (benchmarks/atari_lite_vs_minatar.py).
6. The learning checks: env steps and CPU seconds the reference's train_dqn and train_reinforce
   take to first reach the graded threshold (5 seeds, the graded one first), and their cost at
   the full graded budget.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder import scheme  # noqa
from autograder.build import package  # noqa: E402

GRADESCOPE_VCPU = 0.5
TARGET_CPU_SECONDS = 60.0
TARGET_PEAK_MB = 700.0


class TreeMemory:
    """Samples the summed resident memory of a process and all its descendants."""

    def __init__(self, root_pid: int, interval: float = 0.02):
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


def grade_measured(submission: Path, deadline: float | None = None) -> dict:
    """Grade through run_autograder in a child process; wall, CPU, peak tree memory, results."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        code = ("import json, sys; from pathlib import Path; "
                "from autograder.grade import local as grade_local; "
                f"r = grade_local.grade(Path({str(submission)!r}), log=lambda *a: None"
                f"{', deadline=' + repr(deadline) if deadline else ''}); "
                f"Path({str(out)!r}).write_text(json.dumps(r))")
        before = os.times()
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with TreeMemory(process.pid) as memory:
            process.wait()
        wall = time.monotonic() - started
        after = os.times()
        results = json.loads(out.read_text())
    cpu = (after.children_user + after.children_system
           - before.children_user - before.children_system)
    return {"wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "peak_tree_mb": round(memory.peak_kb / 1024, 1),
            "estimated_wall_on_0.5_vcpu": round(cpu / GRADESCOPE_VCPU, 1),
            "score": results["score"],
            "parts": results.get("extra_data", {}).get("parts", {})}


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
    CONTRACT = scheme.contract()  # noqa: N806

    return [name for name in CONTRACT[file_name] if name[0].islower()]


def public_tests_seconds() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        handout = package.stage_handout(Path(tmp) / "handout")
        for name in scheme.student_files():
            (handout / name).write_text((REPO / "solutions" / name).read_text())
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/public"], cwd=handout,
                       check=True, capture_output=True)
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
    floor = best(lambda: (np.einsum("ijk,ijk->ij", mdp.P, mdp.R)
                          + mdp.gamma * np.einsum("ijk,k->ij", mdp.P, V)).max(axis=1))
    return {"reference_ms": round(reference * 1e3, 1), "einsum_floor_ms": round(floor * 1e3, 1),
            "ratio": round(reference / floor, 2)}


def atari_lite() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "atari.json"
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "atari_lite_vs_minatar.py"),
                        "--json", str(out)], cwd=REPO, capture_output=True, check=False)
        return json.loads(out.read_text()) if out.exists() else {"error": "benchmark failed"}


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
        returns = module.train_dqn(env, case["num_steps"], seed=seed, progress=False,
                                   **case.get("hyperparameters", {}))
    else:
        started = time.process_time()
        returns = module.train_reinforce(env, case["num_iterations"], seed=seed,
                                         progress=False)
    total = time.process_time() - started
    last, reached = case["last"], None
    for i in range(last, len(returns) + 1):  # the graded rule on the returns so far
        if learning_verdict(case, returns[:i])[0]:
            reached = i - 1
            break
    steps, cpu = ends[reached] if reached is not None else (None, None)
    return {"seed": seed, "score": round(float(np.mean(returns[-last:])), 2),
            "episodes": len(returns), "total_steps": Clock.steps,
            "total_cpu_seconds": round(total, 2), "threshold_at_episode": reached,
            "threshold_at_step": steps,
            "threshold_at_cpu_seconds": None if cpu is None else round(cpu, 2)}


def learning_checks(seeds=(0, 1, 2, 3, 4)) -> dict:
    """Steps and CPU seconds the reference needs to reach each learning check's threshold (the
    graded seed is 0; the others show the spread), one fresh process per run."""
    report = {}
    for part in ("dqn", "reinforce"):
        runs = []
        for seed in seeds:
            out = subprocess.run([sys.executable, __file__, "--learning-run", part, str(seed)],
                                 cwd=REPO, capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        reached = [r for r in runs if r["threshold_at_step"] is not None]
        report[part] = {
            "threshold": {k: v for k, v in next(iter(scheme.check(f"{part}.train").cases
                                                     .values())).items()
                          if k in ("min_return", "min_improvement", "num_steps",
                                   "num_iterations")},
            "runs": runs,
            "reached": f"{len(reached)}/{len(runs)}",
            "median_steps_to_threshold": _median([r["threshold_at_step"] for r in reached]),
            "median_cpu_seconds_to_threshold": _median([r["threshold_at_cpu_seconds"]
                                                        for r in reached]),
            "median_cpu_seconds_full_budget": _median([r["total_cpu_seconds"] for r in runs]),
        }
    return report


def _median(values):
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=REPO / "results" / "bench.json")
    parser.add_argument("--quick", action="store_true", help="skip the slow worst-case grade")
    parser.add_argument("--learning-only", action="store_true",
                        help="only the learning checks' rows (updates them in the JSON file)")
    parser.add_argument("--learning-run", nargs=2, metavar=("PART", "SEED"),
                        help=argparse.SUPPRESS)  # one run of learning_checks, in its process
    args = parser.parse_args(argv)
    if args.learning_run:
        print(json.dumps(_learning_run(args.learning_run[0], int(args.learning_run[1]))))
        return 0
    if args.learning_only:
        report = json.loads(args.json.read_text()) if args.json.exists() else {}
        report["learning_checks"] = learning_checks()
        _print_rows(_learning_rows(report))
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2))
        return 0
    report = {"commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                                       capture_output=True, text=True).stdout.strip()}
    package.stage_autograder(REPO / "build" / "autograder", log=lambda *a: None)  # warm the cache
    report["correct_submission"] = grade_measured(REPO / "solutions")
    if not args.quick:
        with tempfile.TemporaryDirectory() as tmp:
            folder = timeout_everywhere_submission(Path(tmp) / "loops")
            report["timeout_everywhere"] = grade_measured(folder)
        report["timeout_everywhere"]["global_deadline"] = scheme.GLOBAL_DEADLINE_SECONDS
    report["public_tests_seconds"] = public_tests_seconds()
    report["dense_backup_2000x8"] = backup_ratio()
    report["atari_lite_vs_minatar"] = atari_lite()
    report["learning_checks"] = learning_checks()
    print_table(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2))
    print(f"\nwrote {args.json}")
    return 0


def print_table(report: dict) -> None:
    correct = report["correct_submission"]
    rows = [
        ("correct submission: wall s", correct["wall_seconds"], ""),
        ("correct submission: CPU s (process tree)", correct["cpu_seconds"],
         f"target <= {TARGET_CPU_SECONDS:g}"),
        ("correct submission: peak MB (tree, summed)", correct["peak_tree_mb"],
         f"target <= {TARGET_PEAK_MB:g}"),
        ("correct submission: est. wall on 0.5 vCPU s", correct["estimated_wall_on_0.5_vcpu"], ""),
        ("correct submission: score", correct["score"], ""),
    ]
    for part, figures in correct["parts"].items():
        rows.append((f"  part {part}: wall s / CPU s", f"{figures.get('wall_seconds')} / "
                     f"{figures.get('cpu_seconds')}", ""))
    if "timeout_everywhere" in report:
        worst = report["timeout_everywhere"]
        rows.append(("timeouts everywhere: wall s", worst["wall_seconds"],
                     f"deadline {worst['global_deadline']} s"))
    rows.append(("handout public tests (reference): s", report["public_tests_seconds"], ""))
    backup = report["dense_backup_2000x8"]
    rows.append(("dense backup 2000x8: reference / einsum floor",
                 f"{backup['reference_ms']} / {backup['einsum_floor_ms']} ms = "
                 f"{backup['ratio']}x", "target <= 2x"))
    atari = report["atari_lite_vs_minatar"]
    for game in atari.get("ours", []):
        rows.append((f"atari-lite {game['game']} {game['frame_size']}px: steps/s, vs MinAtar",
                     f"{game['make']:,.0f}  {game['ratio_make']:.2f}x", "target >= 1x"))
    rows += _learning_rows(report)
    _print_rows(rows)


def _learning_rows(report: dict) -> list:
    rows = []
    for part, figures in report.get("learning_checks", {}).items():
        rows.append((f"{part} learning check: threshold reached (seeds)", figures["reached"],
                     str(figures["threshold"])))
        rows.append((f"{part} learning check: median steps / CPU s to threshold",
                     f"{figures['median_steps_to_threshold']} / "
                     f"{figures['median_cpu_seconds_to_threshold']}",
                     f"full budget {figures['median_cpu_seconds_full_budget']} CPU s"))
    return rows


def _print_rows(rows: list) -> None:
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value!s:<28} {note}")


if __name__ == "__main__":
    sys.exit(main())
