"""Runs a part's probes on a module folder and reads the outputs back as validated data.

The same function serves the reference (trusted, no sandbox, at build time) and a submission
(through `autograder.sandbox`). Only plain arrays and short JSON statuses come back. The folder
they come back in belongs to the sandbox user, so every file is opened without following links
and without blocking, must be a regular file owned by that user, and is size-capped before it is
read; npz files are checked as zip archives (member count, uncompressed sizes) and loaded
without pickle; a status that is not a small JSON object is a crash.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import math
import os
import shutil
import stat
import subprocess
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from autograder import sandbox, scheme

REPO = Path(__file__).resolve().parents[1]
MAX_STATUS_BYTES = 64 * 1024
MAX_NPZ_BYTES = 64 * 1024 * 1024  # the file, and all its arrays uncompressed
MAX_NPZ_MEMBERS = 64
MAX_LOG_CHARS = 1500
# The worker's own start-up (interpreter, numpy, torch) on top of the jobs' own clocks.
STARTUP_SECONDS = 20.0


@dataclasses.dataclass
class Outcome:
    """What one job of a module produced: arrays, or why there are none."""

    kind: str  # "ok", "error", "contract", "timeout", "crash", "not_run"
    arrays: dict = dataclasses.field(default_factory=dict)
    message: str = ""
    printed: str = ""  # the tail of what the code printed
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def jobs_for(part: str, *, reference: bool) -> list[dict]:
    jobs = []
    for check in scheme.checks_of(part):
        if check.reference_only and not reference:
            continue
        for case_id, case in check.cases.items():
            jobs.append({"key": check.job_key(case_id), "case": case,
                         "probe": check.oracle or check.probe,
                         "probe_module": "autograder.oracles" if check.oracle else None,
                         "timeout": check.timeout})
    return jobs


def install_runtime(lib_dir: Path) -> Path:
    """Copy what the untrusted side may read (envs, the worker, the probes) into lib_dir."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "envs", lib_dir / "envs", ignore=ignore, dirs_exist_ok=True)
    shutil.copytree(REPO / "autograder" / "probes", lib_dir / "autograder" / "probes",
                    ignore=ignore, dirs_exist_ok=True)
    for name in ("__init__.py", "worker.py"):
        shutil.copy2(REPO / "autograder" / name, lib_dir / "autograder" / name)
    for path in [lib_dir, *lib_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return lib_dir / "autograder" / "worker.py"


def run_part(part_name: str, module_dir: Path, work_dir: Path, *, sandboxed: bool,
             jobs: list[dict] | None = None, wall_budget: float | None = None) -> dict:
    """Run every job of a part on module_dir; returns {job key: Outcome}."""
    part = scheme.PARTS[part_name]
    jobs = jobs if jobs is not None else jobs_for(part_name, reference=not sandboxed)
    lib_dir = work_dir / "lib"
    worker = lib_dir / "autograder" / "worker.py"
    if not worker.exists():
        install_runtime(lib_dir)
    out_dir = work_dir / "out" / part_name
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    request = {
        "part": part_name,
        "module": part.file.removesuffix(".py"),
        "module_dir": str(module_dir),
        # The trusted reference run reads the repository itself (oracles included); the sandbox
        # only the copied runtime.
        "sys_path": [str(lib_dir) if sandboxed else str(REPO)],
        "out_dir": str(out_dir),
        "jobs": jobs,
        "preload_torch": part.preload_torch,
    }
    # The worker's record of finished jobs (worker.py, _report_done): an unnamed file of ours.
    report = tempfile.TemporaryFile() if sandboxed else None
    if report is not None:
        request["report_fd"] = report.fileno()
        request["isolated_user"] = sandbox.switches_user()
    request_path = out_dir / "request.json"
    request_path.write_text(json.dumps(request))
    budget = sum(job["timeout"] for job in jobs) + STARTUP_SECONDS
    if wall_budget is not None:
        budget = min(budget, wall_budget)
    argv = sandbox.python_argv(worker, str(request_path))
    owner = reported = None
    if report is not None:
        inside = module_dir.resolve().is_relative_to(work_dir.resolve())
        with report:
            run = sandbox.run_sandboxed(
                argv, workdir=out_dir, share=work_dir if inside else None,
                limits=sandbox.Limits(wall_seconds=budget, cpu_seconds=int(budget) + 5),
                pass_fds=(report.fileno(),),
            )
            reported = read_report(report)
        worker_note = "" if run.returncode == 0 else (
            run.stderr_tail[-MAX_LOG_CHARS:].strip()
            or ("the part's time ran out" if run.timed_out
                else f"it was stopped (exit status {run.returncode})"))
        owner = run.uid
    else:
        done = subprocess.run(argv, cwd=out_dir, capture_output=True, text=True, timeout=budget)
        if done.returncode != 0:
            raise RuntimeError(f"the reference failed on part {part_name}:\n{done.stderr}")
        worker_note = ""
    outcomes = {job["key"]: read_outcome(out_dir, job["key"], owner, reported) for job in jobs}
    if worker_note:
        for outcome in outcomes.values():
            if outcome.kind == "not_run":
                outcome.message += ("\nThe grading process for this part stopped early:\n"
                                    + worker_note)
    return outcomes


def read_file(path: Path, limit: int, owner: int | None = None, *, tail: bool = False):
    """The bytes of path, or None unless it is a regular file (not a link, fifo or device) owned
    by owner, of at most limit bytes; with tail, its last limit bytes whatever its size."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or owner is not None and info.st_uid != owner:
            return None
        if info.st_size > limit:
            if not tail:
                return None
            os.lseek(fd, info.st_size - limit, os.SEEK_SET)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            return data[-limit:] if tail else None
        return data
    except OSError:
        return None
    finally:
        os.close(fd)


def read_report(handle, limit: int = 8 * 1024 * 1024) -> dict:
    """{job key: (status digest, arrays digest)} from the worker's record of finished jobs."""
    handle.seek(0)
    reported = {}
    for line in handle.read(limit).decode("ascii", errors="replace").splitlines():
        fields = line.split(" ")
        if len(fields) == 3:
            reported[fields[0]] = (fields[1], fields[2])
    return reported


def _digest(data: bytes | None) -> str:
    return "-" if data is None else hashlib.sha256(data).hexdigest()


def read_outcome(out_dir: Path, key: str, owner: int | None = None,
                 reported: dict | None = None) -> Outcome:
    """Read and validate one job's status and arrays; anything malformed is a failure.

    With `reported` (a sandboxed run), only the outputs the worker saw its job leave count."""
    raw = read_file(out_dir / f"{key}.json", MAX_STATUS_BYTES, owner)
    log = read_file(out_dir / f"{key}.log", MAX_LOG_CHARS, owner, tail=True)
    printed = log.decode("utf-8", errors="replace") if log else ""
    seconds = _seconds(read_file(out_dir / f"{key}.time", 64, owner))
    if raw is None or reported is not None and key not in reported:
        return Outcome("not_run", message="this case was not run (the grading time ran out or "
                                          "the process running your code was killed)",
                       printed=printed)
    if reported is not None and _digest(raw) != reported[key][0]:
        return Outcome("crash", message="the status of this case changed after the case ended "
                                        "(did other code of yours write it?)", printed=printed)
    try:
        status = json.loads(raw)
        if not isinstance(status, dict):
            raise ValueError
    except (ValueError, RecursionError):  # RecursionError: a deeply nested status
        return Outcome("crash", message="the status of this case was unreadable", printed=printed)
    message = str(status.get("error", ""))[:4000]
    if status.get("timed_out") and status.get("import_failed"):
        return Outcome("timeout", printed=printed, seconds=seconds, message=(
            f"importing your file did not finish ({message}). Code at module level runs when "
            "the file is imported: move loops and experiments into functions or under "
            "`if __name__ == \"__main__\":`."))
    if status.get("timed_out"):
        return Outcome("timeout", message=message, printed=printed, seconds=seconds)
    if not status.get("ok"):
        kind = "contract" if status.get("contract") else (
            "crash" if status.get("stage") == "crash" else "error")
        return Outcome(kind, message=message, printed=printed, seconds=seconds)
    npz = read_file(out_dir / f"{key}.npz", MAX_NPZ_BYTES, owner)
    arrays = None if reported is not None and _digest(npz) != reported[key][1] else (
        load_arrays(npz))
    if arrays is None:
        return Outcome("crash", message="the outputs of this case were missing or unreadable",
                       printed=printed, seconds=seconds)
    return Outcome("ok", arrays=arrays, printed=printed, seconds=seconds)


def _seconds(raw: bytes | None) -> float:
    try:
        value = float(raw) if raw else 0.0
    except ValueError:
        return 0.0
    return value if math.isfinite(value) and value >= 0 else 0.0


def load_arrays(raw: bytes | None) -> dict | None:
    """The arrays of an npz file's bytes: plain arrays only (no pickle), and no zip bomb."""
    if raw is None:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
        if (len(members) > MAX_NPZ_MEMBERS
                or sum(member.file_size for member in members) > MAX_NPZ_BYTES):
            return None
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            return {name: np.array(data[name]) for name in data.files}
    except Exception:  # noqa: BLE001 - a corrupt file is a failed case, not a grader crash
        return None
