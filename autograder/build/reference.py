"""Build time: run the probes on trusted code (the reference, a known mistake's variant).

Not in the autograder zip, so nothing on the grading path can call it: grading runs student code
only through `autograder.sandbox.run.run_submission`. The worker, the requests and the env hosts
are the same as the sandbox's, so the expected data is what a correct submission produces there.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from autograder import scheme
from autograder.sandbox import launch, run


def run_trusted(
    part_name: str, module_dir: Path, work_dir: Path, *, jobs: list | None = None
) -> dict:
    """{job key: Outcome} of trusted code, with reference-only (oracle) jobs included."""
    jobs = jobs if jobs is not None else scheme.jobs(part_name, reference=True)
    return run_trusted_batch(part_name, {"": (module_dir, jobs)}, work_dir)[""]


def run_trusted_batch(
    part_name: str, variants: dict, work_dir: Path, *, wall_factor: float = 1.0
) -> dict:
    """{variant: {job key: Outcome}} of several variants of one part ({variant: (module_dir,
    jobs)}), run one after the other by one worker: the worker's start (torch's import above
    all) is paid once for them all, as the sandbox's multi-part requests do for the parts. The
    cases keep their CPU clocks; `wall_factor` stretches their wall-clock backstops."""
    out_dir = work_dir / "out" / part_name
    if out_dir.exists():
        launch.remove_tree(out_dir)
    out_dir.mkdir(parents=True)
    prepared = {}
    try:
        for name, (module_dir, jobs) in variants.items():
            jobs = [{**job, "timeout": job["timeout"] * wall_factor} for job in jobs]
            prepared[name] = run.prepare(
                part_name,
                module_dir,
                work_dir,
                jobs,
                out_dir=out_dir,
                prefix=f"{name}." if name else "",
            )
        for part in prepared.values():
            part.request["import_timeout"] *= wall_factor
        request_path = out_dir / "request.json"
        request_path.write_text(json.dumps({"parts": [p.request for p in prepared.values()]}))
        worker = run.REPO / "autograder" / "sandbox" / "worker.py"
        done = subprocess.run(
            launch.python_argv(worker, str(request_path)),
            cwd=out_dir,
            capture_output=True,
            text=True,
            timeout=sum(p.budget(None) for p in prepared.values()),
            pass_fds=tuple(fd for p in prepared.values() for fd in p.child_fds),
        )
    finally:
        for part in prepared.values():
            part.finish()
    if done.returncode != 0:
        raise RuntimeError(f"the trusted run failed on part {part_name}:\n{done.stderr}")
    return {name: run.collect(part) for name, part in prepared.items()}
