"""The grader's clocks: one setting (the platform's timeout) and what derives from it.

The arithmetic (a submission whose every function hangs still gets its full results.json at
least PLATFORM_MARGIN_SECONDS before Gradescope's timeout), the defaults of run_autograder and
main.py, and the worker's two clocks per case: CPU seconds for code that computes, a wall-clock
backstop for code that waits. The CPU clock is a condition, not a race: a job that spins is
stopped by its CPU seconds however busy the machine is (the wall backstop is far away).
`make bench` measures the same arithmetic in a 0.5-CPU cgroup.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from autograder import scheme
from autograder.build import reference

REPO = Path(__file__).resolve().parents[2]


def scheme_with(platform_timeout: int) -> types.ModuleType:
    """autograder/scheme.py as it would be with another platform timeout."""
    source = (REPO / "autograder" / "scheme.py").read_text()
    line = f"PLATFORM_TIMEOUT_SECONDS = {scheme.PLATFORM_TIMEOUT_SECONDS}\n"
    assert source.count(line) == 1
    module = types.ModuleType(f"scheme_{platform_timeout}")
    module.__dict__["__name__"] = module.__name__
    sys.modules[module.__name__] = module  # dataclasses look their module up
    try:
        exec(
            compile(
                source.replace(line, f"PLATFORM_TIMEOUT_SECONDS = {platform_timeout}\n"),
                "scheme.py",
                "exec",
            ),
            module.__dict__,
        )
    finally:
        del sys.modules[module.__name__]
    return module


def test_every_function_hanging_still_leaves_the_margin():
    """Every part using its whole budget (each function's longest wall clock) plus the grader's
    own start and per-part overhead ends before the deadline less the reserve; the backstop's
    last kill is PLATFORM_MARGIN_SECONDS before the platform's timeout."""
    assert scheme.worst_case_seconds() <= (
        scheme.GRADER_DEADLINE_SECONDS - scheme.RESERVE_SECONDS + 1e-6
    )
    last_write = (
        scheme.GRADER_DEADLINE_SECONDS + scheme.TERM_GRACE_SECONDS + scheme.KILL_GRACE_SECONDS
    )
    assert last_write <= scheme.PLATFORM_TIMEOUT_SECONDS - scheme.PLATFORM_MARGIN_SECONDS


def test_a_part_budget_covers_one_timeout_of_each_function():
    """A part's budget: its worker's start, then its import's clock and each function's longest
    backstop, scaled down only as far as the deadline needs (at the default platform timeout
    most of them still fit: every function of a part that hangs everywhere but about its last
    gets its own timeout)."""
    scale = scheme.budget_scale()
    assert 0.8 <= scale <= 1.0
    for part in scheme.PARTS.values():
        functions = {}
        for check in scheme.checks_of(part.name):
            if not check.reference_only:
                functions[check.function] = max(
                    functions.get(check.function, 0), check.wall_seconds
                )
        hang = scheme.IMPORT_WALL_SECONDS + sum(functions.values())
        assert part.hang_seconds == pytest.approx(hang)
        assert part.budget_seconds == pytest.approx(part.startup_seconds + hang * scale)


def test_parts_that_use_torch_share_a_worker_and_its_start():
    torch_parts = [name for name, part in scheme.PARTS.items() if part.preload_torch]
    for name in torch_parts:
        assert scheme.worker_group(name) == torch_parts
    assert scheme.group_budget(torch_parts) == pytest.approx(
        scheme.TORCH_STARTUP_SECONDS
        + scheme.WORKER_STARTUP_SECONDS
        + sum(
            scheme.PARTS[name].budget_seconds - scheme.PARTS[name].startup_seconds
            for name in torch_parts
        )
    )
    assert scheme.worker_group("dp") == ["dp"]


@pytest.mark.parametrize("platform_timeout", [600, 900, 1200, 2400])
def test_the_clocks_derive_from_the_platform_timeout(platform_timeout):
    """Raise Gradescope's timeout and every clock follows; the arithmetic holds."""
    other = scheme_with(platform_timeout)
    factor = platform_timeout / scheme.PLATFORM_TIMEOUT_SECONDS
    assert other.GRADER_DEADLINE_SECONDS == (
        platform_timeout
        - other.PLATFORM_MARGIN_SECONDS
        - other.TERM_GRACE_SECONDS
        - other.KILL_GRACE_SECONDS
    )
    for mine, theirs in zip(scheme.CHECKS, other.CHECKS, strict=True):
        assert theirs.cpu_seconds >= int(mine.cpu_seconds * factor) >= 1
        assert theirs.wall_seconds == other.WALL_PER_CPU_SECOND * theirs.cpu_seconds
    assert other.worst_case_seconds() <= (
        other.GRADER_DEADLINE_SECONDS - other.RESERVE_SECONDS + 1e-6
    )
    assert other.budget_scale() >= scheme.budget_scale()
    if platform_timeout >= 1200:
        assert other.budget_scale() >= 0.99  # every function's own timeout, nearly always
    job = other.jobs("dqn", reference=False)[0]
    assert job["timeout"] == other.WALL_PER_CPU_SECOND * job["cpu_seconds"]


def test_jobs_run_function_by_function_shortest_clock_first():
    """Functions in the scheme's order (an attack on the last one reaches no other), each one's
    cases shortest clock first (a hang costs its cheapest case: a training run is skipped)."""
    for part in scheme.PARTS:
        jobs = scheme.jobs(part, reference=True)
        order = list(dict.fromkeys(j["function"] for j in jobs))
        assert order == list(
            dict.fromkeys(check.oracle or check.function for check in scheme.checks_of(part))
        )
        for function in order:
            clocks = [j["cpu_seconds"] for j in jobs if j["function"] == function]
            assert clocks == sorted(clocks)
        assert [j["function"] for j in jobs] == sorted(
            (j["function"] for j in jobs), key=order.index
        )
        graded = {
            check.job_key(case_id): check
            for check in scheme.checks_of(part)
            for case_id in check.cases
            if not check.reference_only
        }
        for job in jobs:
            if job["key"] in graded:
                assert job["function"] == graded[job["key"]].function


def test_the_readme_says_where_gradescope_sets_the_timeout():
    text = (REPO / "README.md").read_text()
    assert "Autograder timeout" in text and "PLATFORM_TIMEOUT_SECONDS" in text
    assert f"{scheme.PLATFORM_TIMEOUT_SECONDS // 60} minutes" in text


# -- run_autograder and main.py read their defaults from the scheme ----------------------------
FAKE_MAIN = """
import json, os, sys
with open(os.environ["CLOCKS_OUT"], "w") as handle:
    with open(f"/proc/{os.getppid()}/cmdline", "rb") as parent:
        backstop = parent.read().split(b"\\0")
    json.dump({"argv": sys.argv[1:], "backstop": [a.decode() for a in backstop if a]}, handle)
"""


@pytest.mark.parametrize("override", [None, "123.5"])
def test_run_autograder_takes_its_clocks_from_the_scheme(tmp_path, override):
    source = tmp_path / "root" / "source"
    (source / "autograder" / "grade").mkdir(parents=True)
    shutil.copy(REPO / "autograder" / "run_autograder", source / "run_autograder")
    shutil.copy(REPO / "autograder" / "scheme.py", source / "autograder" / "scheme.py")
    (source / "autograder" / "__init__.py").write_text("")
    (source / "autograder" / "grade" / "__init__.py").write_text("")
    (source / "autograder" / "grade" / "main.py").write_text(FAKE_MAIN)
    out = tmp_path / "clocks.json"
    env = {
        **os.environ,
        "AUTOGRADER_ROOT": str(tmp_path / "root"),
        "AUTOGRADER_PYTHON": sys.executable,
        "CLOCKS_OUT": str(out),
    }
    env.pop("AUTOGRADER_DEADLINE", None)
    if override:
        env["AUTOGRADER_DEADLINE"] = override
    subprocess.run(["bash", str(source / "run_autograder")], env=env, check=True, timeout=60)
    seen = json.loads(out.read_text())
    deadline = float(override or scheme.GRADER_DEADLINE_SECONDS)
    assert float(seen["argv"][seen["argv"].index("--deadline") + 1]) == deadline
    backstop = seen["backstop"]
    assert backstop[0].endswith("timeout")
    assert f"--kill-after={scheme.KILL_GRACE_SECONDS}" in backstop
    assert float(backstop[backstop.index(sys.executable) - 1]) == (
        deadline + scheme.TERM_GRACE_SECONDS
    )


def test_run_autograder_has_no_clock_of_its_own():
    text = (REPO / "autograder" / "run_autograder").read_text()
    assert not re.search(r"DEADLINE:-\d", text), "the default deadline comes from the scheme"


def test_main_defaults_to_the_scheme_s_deadline():
    from autograder.grade import main

    assert main.RESERVE_SECONDS == scheme.RESERVE_SECONDS
    text = (REPO / "autograder" / "grade" / "main.py").read_text()
    assert "default=scheme.GRADER_DEADLINE_SECONDS" in text


# -- the worker's clocks ------------------------------------------------------------------------
SPINS = """
def bellman_backup_v(mdp, V):
    while True:
        pass
"""
SLEEPS = """
import time


def bellman_backup_v(mdp, V):
    time.sleep(3600)
"""


def _run_one(tmp_path, source: str, *, cpu_seconds: int, wall_seconds: float):
    module = tmp_path / "module"
    module.mkdir()
    (module / "dp.py").write_text((REPO / "solutions" / "dp.py").read_text() + source)
    job = next(j for j in scheme.jobs("dp", reference=False) if j["probe"] == "backup_v")
    job = {**job, "cpu_seconds": cpu_seconds, "timeout": wall_seconds}
    outcome = reference.run_trusted("dp", module, tmp_path / "work", jobs=[job])[job["key"]]
    return outcome


def test_a_job_that_computes_is_stopped_by_its_cpu_seconds(tmp_path):
    """However busy the machine, the spinning job ends on its 1 CPU second, far from its wall
    backstop: the verdict measures the work, not the neighbours."""
    outcome = _run_one(tmp_path, SPINS, cpu_seconds=1, wall_seconds=300)
    assert outcome.kind == "timeout"
    assert "1 s of CPU time" in outcome.detail
    assert 0.8 <= outcome.cpu_seconds < 2.5  # the kernel reads a killed process a little short
    assert outcome.seconds < 300


def test_a_job_that_waits_is_stopped_by_its_wall_clock(tmp_path):
    outcome = _run_one(tmp_path, SLEEPS, cpu_seconds=60, wall_seconds=2)
    assert outcome.kind == "timeout"
    assert "2 s of wall-clock time" in outcome.detail
    assert outcome.cpu_seconds < 60
