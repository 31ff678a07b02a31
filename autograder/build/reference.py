"""Build time: run the probes on trusted code (the reference, a known mistake's variant).

Not in the autograder zip, so nothing on the grading path can call it: grading runs student code
only through `autograder.sandbox.run.run_submission`. The worker, the requests and the env hosts
are the same as the sandbox's, so the expected data is what a correct submission produces there.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from autograder import scheme
from autograder.sandbox import launch, run


def run_trusted(
    part_name: str, module_dir: Path, work_dir: Path, *, jobs: list | None = None
) -> dict:
    """{job key: Outcome} of trusted code, with reference-only (oracle) jobs included."""
    jobs = jobs if jobs is not None else scheme.jobs(part_name, reference=True)
    prepared = run.prepare(part_name, module_dir, work_dir, jobs)
    worker = run.REPO / "autograder" / "sandbox" / "worker.py"
    try:
        done = subprocess.run(
            launch.python_argv(worker, str(prepared.request_path)),
            cwd=prepared.out_dir,
            capture_output=True,
            text=True,
            timeout=prepared.budget(None),
            pass_fds=prepared.child_fds,
        )
    finally:
        prepared.finish()
    if done.returncode != 0:
        raise RuntimeError(f"the trusted run failed on part {part_name}:\n{done.stderr}")
    return run.collect(prepared)
