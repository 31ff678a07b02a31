"""Runs a part's probes in the sandbox and reads their outputs back as validated data.

`run_submission` is the only way the grading path runs student code: always through
`launch.run_sandboxed`, there is no switch that turns the sandbox off. (The build runs the
reference and the known mistakes through `autograder.build.reference`, which is not in the zip.)

Only plain arrays and short JSON statuses come back. The folder they come back in belongs to the
sandbox user, so every file is opened without following links and without blocking, must be a
regular file owned by that user, and is size-capped before it is read; npz files are checked as
zip archives (member count, uncompressed sizes), loaded without pickle, and only the arrays the
reference has, of an allowed dtype and a bounded size, are kept. A status that is not a small
JSON object is a crash. Jobs that train an agent get an env that steps in the grader
(`env_host`); its record is the outcome's `trusted` arrays.
"""

from __future__ import annotations

import compileall
import contextlib
import dataclasses
import hashlib
import io
import json
import math
import os
import shutil
import socket
import stat
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from autograder import scheme
from autograder.sandbox import launch as sandbox
from autograder.sandbox import protocol
from autograder.sandbox.env_host import EnvHost

REPO = Path(__file__).resolve().parents[2]
MAX_LOG_CHARS = 1500
# Besides the probes and envs, all of the grader the sandbox can read.
UNTRUSTED_SIDE = ("__init__.py", "sandbox/__init__.py", "sandbox/worker.py", "sandbox/protocol.py")
# The worker's own start-up (interpreter, numpy, torch) on top of the jobs' own clocks, at most
# (a part's own: scheme.Part.startup_seconds).
STARTUP_SECONDS = scheme.WORKER_STARTUP_SECONDS + scheme.TORCH_STARTUP_SECONDS


@dataclasses.dataclass
class Outcome:
    """What one job of a module produced: arrays, or why there are none."""

    kind: str  # "ok", "error", "contract", "timeout", "crash", "not_run", "missing"
    arrays: dict = dataclasses.field(default_factory=dict)  # read back from the sandbox
    trusted: dict = dataclasses.field(default_factory=dict)  # the grader's env host record
    message: str = ""  # the grader's own words
    detail: str = ""  # text from the sandbox (an exception, a contract message): untrusted
    printed: str = ""  # the tail of what the code printed: untrusted
    seconds: float = 0.0  # the job's wall clock, as the worker measured it (figures only)
    cpu_seconds: float = 0.0  # the job's CPU time, likewise

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


def install_runtime(lib_dir: Path) -> Path:
    """Copy what the untrusted side may read (envs, the worker, the probes) into lib_dir."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "envs", lib_dir / "envs", ignore=ignore, dirs_exist_ok=True)
    probes = Path("autograder", "sandbox", "probes")
    shutil.copytree(REPO / probes, lib_dir / probes, ignore=ignore, dirs_exist_ok=True)
    for name in UNTRUSTED_SIDE:
        shutil.copy2(REPO / "autograder" / name, lib_dir / "autograder" / name)
    # Compiled here, once: the sandbox writes no bytecode, so each worker would compile the
    # probes and envs again (about 0.07 CPU-s a worker).
    compileall.compile_dir(lib_dir, quiet=2)
    for path in [lib_dir, *lib_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return lib_dir / "autograder" / "sandbox" / "worker.py"


@dataclasses.dataclass
class PreparedRun:
    """A part's request on disk, with an env host started for every job that trains an agent."""

    request_path: Path
    out_dir: Path
    jobs: list  # as sent: a job's "key" is its file name in out_dir (prefix + its key)
    hosts: dict  # file key -> EnvHost
    child_fds: tuple  # the sandbox's ends of the env channels
    startup_seconds: float = STARTUP_SECONDS
    request: dict = dataclasses.field(default_factory=dict)
    prefix: str = ""  # of every file key, when several parts share the out_dir

    def seconds(self) -> float:
        """Wall seconds of the part's import and jobs, at most."""
        return sum(job["timeout"] for job in self.jobs) + scheme.IMPORT_WALL_SECONDS

    def budget(self, wall_budget: float | None) -> float:
        total = self.seconds() + self.startup_seconds
        return total if wall_budget is None else min(total, wall_budget)

    def finish(self) -> None:
        """Close the sandbox's ends (ours once it ended) and stop the hosts."""
        for fd in self.child_fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        for host in self.hosts.values():
            host.stop()


def prepare(
    part_name: str,
    module_dir: Path,
    work_dir: Path,
    jobs: list,
    *,
    extra: dict | None = None,
    out_dir: Path | None = None,
    prefix: str = "",
) -> PreparedRun:
    """Write the worker's request and start the env hosts of the jobs that need one. With
    `out_dir` (a folder several parts share, made by the caller) the request is not written:
    it becomes one of a multi-part request's "parts", its file keys prefixed."""
    part = scheme.PARTS[part_name]
    shared = out_dir is not None
    if not shared:
        out_dir = work_dir / "out" / part_name
        if out_dir.exists():
            sandbox.remove_tree(out_dir)
        out_dir.mkdir(parents=True)
    hosts, child_fds, sent = {}, [], []
    for job in jobs:
        job = {**job, "key": prefix + job["key"]}
        spec = job.pop("env", None)
        if spec is not None:
            ours, theirs = socket.socketpair()
            host = EnvHost(
                spec,
                max_steps=spec["max_steps"],
                keep_observations=spec.get("record_observations", False),
            )
            host.start(ours)
            hosts[job["key"]] = host
            job["env_fd"] = theirs.detach()
            child_fds.append(job["env_fd"])
        sent.append(job)
    request = {
        "part": part_name,
        "module": part.file.removesuffix(".py"),
        "module_dir": str(module_dir),
        "out_dir": str(out_dir),
        "jobs": sent,
        "preload_torch": part.preload_torch,
        "import_key": prefix + protocol.IMPORT_KEY,
        "import_timeout": scheme.IMPORT_WALL_SECONDS,
        "import_cpu_seconds": scheme.IMPORT_CPU_SECONDS,
        **(extra or {}),
    }
    request_path = out_dir / "request.json"
    if not shared:
        request_path.write_text(json.dumps(request))
    return PreparedRun(
        request_path, out_dir, sent, hosts, tuple(child_fds), part.startup_seconds, request, prefix
    )


def run_submission(
    part_name: str,
    student_dir: Path,
    work_dir: Path,
    *,
    jobs: list,
    wall_budget: float,
    schema: dict,
) -> dict:
    """Run a part's jobs on a submission in the sandbox; {job key: Outcome}.

    The only way the grading path runs student code. `schema` ({job key: {output name: max
    elements}}, from the reference) says which arrays are read back at all."""
    return run_parts(
        {part_name: jobs},
        student_dir,
        work_dir,
        wall_budget=wall_budget,
        schemas={part_name: schema},
    )[part_name]


def run_parts(
    jobs: dict, student_dir: Path, work_dir: Path, *, wall_budget: float, schemas: dict
) -> dict:
    """Run several parts' jobs ({part: jobs}, in order) on a submission in one sandboxed
    worker; {part: {job key: Outcome}}. Parts that share a worker (scheme.worker_group) share
    its start, torch's import above all; each part keeps its own time inside the worker (its
    budget less the start), so that one part cannot use another's."""
    lib_dir = work_dir / "lib"
    worker = lib_dir / "autograder" / "sandbox" / "worker.py"
    if not worker.exists():
        install_runtime(lib_dir)
    names = list(jobs)
    # The worker's record of finished jobs (worker.py, _report_done): an unnamed file of ours.
    with tempfile.TemporaryFile() as report:
        extra = {"report_fd": report.fileno(), "isolated_user": sandbox.switches_user()}
        prepared = {}
        try:
            if len(names) == 1:
                prepared[names[0]] = prepare(
                    names[0], student_dir, work_dir, jobs[names[0]], extra=extra
                )
            else:
                out_dir = work_dir / "out" / "+".join(names)
                if out_dir.exists():
                    sandbox.remove_tree(out_dir)
                out_dir.mkdir(parents=True)
                for name in names:
                    prepared[name] = prepare(
                        name, student_dir, work_dir, jobs[name], out_dir=out_dir, prefix=f"{name}."
                    )
                    prepared[name].request["seconds"] = (
                        scheme.PARTS[name].budget_seconds - scheme.PARTS[name].startup_seconds
                    )
                request_path = out_dir / "request.json"
                request_path.write_text(
                    json.dumps({"parts": [p.request for p in prepared.values()], **extra})
                )
                for part in prepared.values():
                    part.request_path = request_path
            first = prepared[names[0]]
            budget = max(p.startup_seconds for p in prepared.values()) + sum(
                p.seconds() for p in prepared.values()
            )
            budget = min(budget, wall_budget)
            inside = student_dir.resolve().is_relative_to(work_dir.resolve())
            run = sandbox.run_sandboxed(
                sandbox.python_argv(worker, str(first.request_path)),
                workdir=first.out_dir,
                share=work_dir if inside else None,
                limits=sandbox.Limits(wall_seconds=budget, cpu_seconds=int(budget) + 5),
                pass_fds=(report.fileno(), *(fd for p in prepared.values() for fd in p.child_fds)),
            )
        finally:
            for part in prepared.values():
                part.finish()
        reported = read_report(report)
    worker_note = (
        ""
        if run.returncode == 0
        else (
            run.stderr_tail[-MAX_LOG_CHARS:].strip()
            or (
                "the part's time ran out"
                if run.timed_out
                else f"it was stopped (exit status {run.returncode})"
            )
        )
    )
    found = {}
    for name, part in prepared.items():
        outcomes = collect(part, owner=run.uid, reported=reported, schema=schemas[name])
        if worker_note:
            for outcome in outcomes.values():
                if outcome.kind == "not_run":
                    outcome.message += " The grading process for this part stopped early."
                    outcome.detail = worker_note
        found[name] = outcomes
    return found


def collect(prepared: PreparedRun, *, owner=None, reported=None, schema=None) -> dict:
    """Every job's outcome ({job key: Outcome}), with its env host's record (the grader's own
    data) added."""
    outcomes = {}
    for job in prepared.jobs:
        file_key = job["key"]
        key = file_key.removeprefix(prepared.prefix)
        outcome = read_outcome(
            prepared.out_dir,
            file_key,
            owner,
            reported,
            None if schema is None else schema.get(key, {}),
        )
        if file_key in prepared.hosts:
            host = prepared.hosts[file_key]
            outcome.trusted = host.arrays()
            if host.refused and not outcome.ok:
                outcome.message += f"\n\nThe grading environment refused a call: {host.refused}"
        outcomes[key] = outcome
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


def read_report(handle, limit: int = 1024 * 1024) -> dict:
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


def read_outcome(
    out_dir: Path,
    key: str,
    owner: int | None = None,
    reported: dict | None = None,
    schema: dict | None = None,
) -> Outcome:
    """Read and validate one job's status and arrays; anything malformed is a failure.

    With `reported` (a sandboxed run), only the outputs the worker saw its job leave count.
    With `schema` ({name: max elements}), only those arrays are read."""
    raw = read_file(out_dir / f"{key}.json", protocol.STATUS_BYTES, owner)
    log = read_file(out_dir / f"{key}.log", MAX_LOG_CHARS, owner, tail=True)
    printed = log.decode("utf-8", errors="replace") if log else ""
    seconds, cpu_seconds = _seconds(read_file(out_dir / f"{key}.time", 64, owner))
    if raw is None or reported is not None and key not in reported:
        return Outcome(
            "not_run",
            message="this case was not run (the grading time ran out or "
            "the process running your code was killed)",
            printed=printed,
        )
    if reported is not None and _digest(raw) != reported[key][0]:
        return Outcome(
            "crash",
            message="the status of this case changed after the case ended "
            "(did other code of yours write it?)",
            printed=printed,
        )
    try:
        status = json.loads(raw)
        if not isinstance(status, dict):
            raise ValueError
    except (ValueError, RecursionError):  # RecursionError: a deeply nested status
        return Outcome("crash", message="the status of this case was unreadable", printed=printed)
    # Everything in the status was written in the student's process: it is shown to the
    # student only as `detail`, fenced; the grader's own words go in `message`.
    detail = str(status.get("error", ""))[:4000]
    if status.get("timed_out") and status.get("import_failed"):
        return Outcome(
            "timeout",
            printed=printed,
            seconds=seconds,
            cpu_seconds=cpu_seconds,
            message=(
                "importing your file did not finish. Code at module level runs when the file is "
                "imported: move loops and experiments into functions or under "
                '`if __name__ == "__main__":`.'
            ),
        )
    if status.get("stage") == "skipped":
        return Outcome(
            "timeout",
            printed=printed,
            seconds=seconds,
            message=("not run: this function already timed out on an earlier (smaller) case"),
        )
    if status.get("timed_out"):
        return Outcome(
            "timeout", detail=detail, printed=printed, seconds=seconds, cpu_seconds=cpu_seconds
        )
    if not status.get("ok"):
        kind = (
            "contract"
            if status.get("contract")
            else ("crash" if status.get("stage") == "crash" else "error")
        )
        return Outcome(
            kind, detail=detail, printed=printed, seconds=seconds, cpu_seconds=cpu_seconds
        )
    npz = read_file(out_dir / f"{key}.npz", protocol.NPZ_BYTES, owner)
    arrays = (
        None
        if reported is not None and _digest(npz) != reported[key][1]
        else (load_arrays(npz, schema))
    )
    if arrays is None:
        return Outcome(
            "crash",
            message="the outputs of this case were missing or unreadable",
            printed=printed,
            seconds=seconds,
            cpu_seconds=cpu_seconds,
        )
    return Outcome("ok", arrays=arrays, printed=printed, seconds=seconds, cpu_seconds=cpu_seconds)


def _seconds(raw: bytes | None) -> tuple[float, float]:
    """(wall, CPU) seconds from a job's .time file ("WALL CPU"); zeros when unreadable."""
    try:
        values = [float(field) for field in raw.split()[:2]] if raw else []
    except ValueError:
        values = []
    values = [v if math.isfinite(v) and v >= 0 else 0.0 for v in values] + [0.0, 0.0]
    return values[0], values[1]


def load_arrays(raw: bytes | None, schema: dict | None = None) -> dict | None:
    """The arrays of an npz file's bytes: plain arrays only (no pickle), no zip bomb.

    With a schema ({name: max elements}), only those names are read, each only if its stored
    size fits; an array of another dtype than protocol.DTYPES is dropped, whatever the schema.
    A dropped array is simply absent: the verdict then says it was not returned properly."""
    if raw is None:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = {info.filename.removesuffix(".npy"): info for info in archive.infolist()}
        if (
            len(members) > protocol.NPZ_MEMBERS
            or sum(info.file_size for info in members.values()) > protocol.NPZ_BYTES
        ):
            return None
        arrays = {}
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            for name in data.files:
                if name.startswith(protocol.TRUSTED_PREFIX):
                    continue
                if schema is not None:
                    if name not in schema:
                        continue
                    if members[name].file_size > 8 * schema[name] + 1024:
                        continue
                array = np.array(data[name])
                if array.dtype.name in protocol.DTYPES and array.dtype.names is None:
                    arrays[name] = array
        return arrays
    except Exception:  # noqa: BLE001 - a corrupt file is a failed case, not a grader crash
        return None
