"""The untrusted side: runs probes on a module folder and leaves their outputs as data.

Started by `autograder.sandbox` (or directly, for the trusted reference) as

    python -I worker.py REQUEST.json

The request names the module folder, the part, and the jobs: (key, probe, case, clocks). The
worker imports the heavy libraries once, then forks one child per job, so that every job starts
from a fresh import of the student's module (nothing one case does can change what another sees)
and a runaway job is killed on its own clocks: CPU seconds (RLIMIT_CPU of the job's process: the
work the code does, whatever else runs on the machine) and a wall-clock backstop (code that
waits instead of computing). Each child writes `KEY.npz` (plain arrays) and `KEY.json`
(status); the grader validates both and trusts neither. `KEY.time` records the job's wall and
CPU seconds (figures for the instructor).

Nothing here is a security boundary (the student's code runs in this process's children, as the
same user): the worker only keeps honest submissions apart from each other's mistakes. After each
job its whole process group is killed (a job leaves no process behind for the next one), and its
log is cut to its tail (printing without end costs one file's size cap, not one per job).

This file imports only the standard library, the protocol, numpy, torch when the part needs it,
and `envs`. It computes nothing the grader believes (protocol.py: the rule).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import importlib
import io
import json
import math
import os
import resource
import select
import signal
import stat
import sys
import time
import traceback

# The runtime this file belongs to (lib/ in the sandbox, the repository for the trusted build):
# the protocol, the probes and envs are imported from there. `python -I` adds no path itself.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from autograder.sandbox import protocol  # noqa: E402

STATUS_LIMIT = 4000  # characters of an error message kept
# Cases run smallest first (scheme.jobs): after a timeout the function's remaining cases are
# skipped, not waited out, so that a function that never returns costs one timeout, not one per
# case (nor one per check that calls it).
MAX_TIMEOUTS_PER_PROBE = 1
MAX_PRELOADS = 64  # libraries the worker imports for the student's file (_preload)
_report = None  # the grader's record of finished jobs (see _report_done)
_env_fds: list = []  # every job's env channel: a job's child closes all but its own


def _write_text(path, text: str) -> None:
    """Write path anew (whatever a job left there: a link, a fifo) or not at all."""
    tmp = f"{path}.tmp"
    with contextlib.suppress(OSError):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)


def _write_json(path, payload):
    _write_text(path, json.dumps(payload))


def _read_regular(path: str, limit: int):
    """path's bytes if it is a regular file of at most limit bytes (never blocks on a fifo)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = handle.read(limit + 1)
        return data if len(data) <= limit else None


def _report_done(out_dir: str, key: str) -> None:
    """Tell the grader that this job is over, with digests of its status and arrays as they are
    now. The grader accepts a job's outputs only if they match: outputs of a job that never ran
    (the worker was killed first) or that changed later (another job rewrote them) are refused.
    The channel is an fd that no job holds (each child closes it before any student code runs),
    of a process that no job can trace (not dumpable)."""
    if _report is None:
        return

    def digest(suffix, limit):
        data = _read_regular(os.path.join(out_dir, key + suffix), limit)
        return "-" if data is None else hashlib.sha256(data).hexdigest()

    status, arrays = digest(".json", protocol.STATUS_BYTES), digest(".npz", protocol.NPZ_BYTES)
    _report.write(f"{key} {status} {arrays}\n")
    _report.flush()


def _kill_strays() -> None:
    """As this run's own sandbox user (sandbox.py: one user per run), kill(-1) reaches every
    process of the run but this one: nothing a job started outlives the job."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(-1, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _student_traceback(exc: BaseException, module_dir: str) -> str:
    """The traceback frames from the student's files only, then the exception itself."""
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.startswith(module_dir)
    ]
    lines = traceback.format_list(frames[-6:])
    lines += traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    return text[-STATUS_LIMIT:]


def _run_job(request: dict, job: dict) -> None:
    """In the forked child: import the module fresh, run one probe, save its outputs."""
    import numpy as np

    out_dir = request["out_dir"]
    key = job["key"]
    module_dir = request["module_dir"]
    sys.path.insert(0, module_dir)  # only here: the worker's own imports never see it
    log_path = os.path.join(out_dir, f"{key}.log")
    log = open(log_path, "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), line_buffering=True)
    sys.stderr = sys.stdout
    status = {"ok": False, "stage": "import", "error": ""}
    loaded = set(sys.modules)
    try:
        module = importlib.import_module(request["module"])
        if job["probe"] is None:  # the import check: and which libraries the file loaded
            outputs = {}
            status["libraries"] = _libraries(loaded, module_dir)
        else:
            # Reference-only jobs (build time, never in the sandbox) name the oracles module.
            probes = importlib.import_module(
                job.get("probe_module") or f"autograder.sandbox.probes.{request['part']}"
            )
            status["stage"] = "run"
            if job.get("env_fd") is None:
                outputs = getattr(probes, job["probe"])(module, job["case"])
            else:  # a training loop: its env steps in the grader (env_host.py)
                from autograder.sandbox.probes.remote_env import RemoteEnv

                env = RemoteEnv(job["env_fd"])
                outputs = getattr(probes, job["probe"])(module, job["case"], env)
        status["stage"] = "save"
        arrays = {name: np.asarray(value) for name, value in outputs.items()}
        with open(os.path.join(out_dir, f"{key}.npz"), "wb") as handle:
            np.savez(handle, **arrays)
        status["ok"] = True
    except BaseException as exc:  # noqa: BLE001 - everything the student raises is data
        from autograder.sandbox.probes.common import ContractError

        if isinstance(exc, ContractError):
            status["error"] = str(exc)[:STATUS_LIMIT]
            status["contract"] = True
        else:
            status["error"] = _student_traceback(exc, module_dir)
            status["exception"] = type(exc).__name__
    _write_json(os.path.join(out_dir, f"{key}.json"), status)
    sys.stdout.flush()
    os._exit(0)


def _libraries(loaded: set, module_dir: str) -> list:
    """Top-level modules imported since `loaded` that are not the student's files."""
    found = set()
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if name not in loaded and not path.startswith(module_dir):
            found.add(name.split(".", 1)[0])
    return sorted(found - {name.split(".", 1)[0] for name in loaded})[:MAX_PRELOADS]


def _preload(names) -> None:
    """Import in the worker the libraries the student's file imports (matplotlib, scipy, torch
    in a part without it ...), so that each case's fresh import of the file finds them loaded
    instead of paying for them on its own clock. The names come from the student's process, so
    only installed modules can load: the student's folder is not on this process's path, and a
    name that fails or misbehaves costs the part's own time only."""
    if not isinstance(names, list):
        return
    for name in names[:MAX_PRELOADS]:
        if isinstance(name, str) and name.isidentifier() and name not in sys.modules:
            with contextlib.suppress(BaseException):
                importlib.import_module(name)
    gc.freeze()


def _wait(pid: int, timeout: float):
    """Wait for pid up to timeout wall seconds: (wait status, rusage) once it ended, else None."""
    deadline = time.monotonic() + timeout
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    try:
        while True:
            finished, status, usage = os.wait4(pid, os.WNOHANG)
            if finished:
                return status, usage
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if fd is not None:
                select.select([fd], [], [], remaining)
            else:
                time.sleep(min(remaining, 0.01))
    finally:
        if fd is not None:
            os.close(fd)


def _keep_tail(path: str) -> None:
    with contextlib.suppress(OSError):
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and info.st_size > protocol.LOG_KEPT_BYTES:
            with open(path, "rb") as handle:
                handle.seek(-protocol.LOG_KEPT_BYTES, os.SEEK_END)
                tail = handle.read()
            with open(path, "wb") as handle:
                handle.write(tail)


def _limit_cpu(seconds) -> None:
    """In the job's child: RLIMIT_CPU of `seconds` (the kernel sends SIGXCPU then, and SIGKILL,
    which the code cannot catch, a second later), never above the limit the worker itself runs
    under."""
    if not seconds:
        return
    limit = max(1, math.ceil(seconds))
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard - 1)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))


def _cpu_seconds(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def _out_of_cpu(status: int, usage, limit) -> bool:
    """Whether a job that ended was stopped for using up its CPU seconds: SIGXCPU or SIGKILL
    (the worker's own kill comes later) with about its limit used (the kernel's accounting of
    a killed process reads a little short)."""
    return (
        bool(limit)
        and os.WIFSIGNALED(status)
        and os.WTERMSIG(status) in (signal.SIGKILL, signal.SIGXCPU)
        and _cpu_seconds(usage) >= 0.8 * math.ceil(limit)
    )


def _run_isolated(request: dict, job: dict, timeout: float | None = None) -> dict:
    """Fork a child for one job, enforce its clocks (the wall clock: `timeout` when the part's
    time left is shorter than the job's), and return the status it left."""
    timeout = job["timeout"] if timeout is None else min(timeout, job["timeout"])
    out_dir = request["out_dir"]
    status_path = os.path.join(out_dir, f"{job['key']}.json")
    for suffix in (".json", ".npz", ".log"):  # nothing left over counts as this job's output
        if os.path.lexists(os.path.join(out_dir, job["key"] + suffix)):
            os.unlink(os.path.join(out_dir, job["key"] + suffix))
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.setpgid(0, 0)
        _limit_cpu(job.get("cpu_seconds"))
        if _report is not None:
            os.close(_report.fileno())
        for fd in _env_fds:  # a job talks to its own env only
            if fd != job.get("env_fd"):
                with contextlib.suppress(OSError):
                    os.close(fd)
        _run_job(request, job)
    ended = _wait(pid, timeout)
    try:  # the job's leftovers (children it forked) die with it; the job itself on a timeout
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if request.get("isolated_user"):
        _kill_strays()
    if ended is None:
        _, _, usage = os.wait4(pid, 0)
        _write_json(
            status_path,
            {
                "ok": False,
                "stage": "timeout",
                "timed_out": True,
                "error": f"did not finish within {timeout:g} s of wall-clock time",
            },
        )
    else:
        wait_status, usage = ended
        if _out_of_cpu(wait_status, usage, job.get("cpu_seconds")):
            _write_json(
                status_path,
                {
                    "ok": False,
                    "stage": "timeout",
                    "timed_out": True,
                    "error": f"did not finish within {job['cpu_seconds']:g} s of CPU time",
                },
            )
        elif _read_regular(status_path, protocol.STATUS_BYTES) is None:
            _write_json(
                status_path,
                {
                    "ok": False,
                    "stage": "crash",
                    "error": "the process running your code died (a crash, os._exit, or a signal)",
                },
            )
    if job.get("env_fd") is not None:  # the host sees the end of the job's channel
        with contextlib.suppress(OSError):
            os.close(job["env_fd"])
    _keep_tail(os.path.join(out_dir, f"{job['key']}.log"))
    _write_text(
        os.path.join(out_dir, f"{job['key']}.time"),
        f"{time.monotonic() - started:.6f} {_cpu_seconds(usage):.6f}",
    )
    _report_done(out_dir, job["key"])
    try:
        status = json.loads(_read_regular(status_path, protocol.STATUS_BYTES) or b"")
        return status if isinstance(status, dict) else {"ok": False, "error": "bad status"}
    except (ValueError, RecursionError):  # the job wrote its own (e.g. 30000 deep)
        return {"ok": False, "stage": "crash", "error": "unreadable status"}


def _preload_torch() -> None:
    """torch, and what torch imports lazily on first use, once for every job of the part: the
    first optimizer built in a process imports torch._dynamo (and sympy), about 2 CPU seconds
    that each job training an agent would otherwise pay again."""
    import torch

    torch.set_num_threads(1)
    import torch._dynamo  # noqa: F401
    import torch.distributions  # noqa: F401


def _warm_saving() -> None:
    """Save one array the way every job saves its outputs: np.savez imports zipfile and its
    helpers on first use, about 15 ms of CPU that each job's child would otherwise pay again
    (measured: a child's fork, import of the module and save, 21 ms cold, 5 ms warm)."""
    import numpy as np

    np.savez(io.BytesIO(), warm=np.zeros(1))


def _close_env(job: dict) -> None:
    if job.get("env_fd") is not None:  # the host sees the end of the job's channel
        with contextlib.suppress(OSError):
            os.close(job["env_fd"])


def _run_part(request: dict) -> None:
    """One part's jobs: the import check, then each job on its clocks, within the part's own
    `seconds` when it shares the worker with other parts (so that one part cannot use another's
    time: its jobs left when its time is up are not run, and count as not run)."""
    out_dir = request["out_dir"]
    ends = time.monotonic() + request["seconds"] if request.get("seconds") else None
    # First import the module alone: a module that cannot be imported (or hangs on import)
    # fails every job at once instead of waiting out every job's clock.
    import_status = _run_isolated(
        request,
        {
            "key": request.get("import_key", protocol.IMPORT_KEY),
            "probe": None,
            "case": None,
            "timeout": request.get("import_timeout", 20.0),
            "cpu_seconds": request.get("import_cpu_seconds"),
        },
    )
    if import_status.get("ok"):
        _preload(import_status.get("libraries"))
    timeouts: dict = {}
    for job in request["jobs"]:
        left = None if ends is None else ends - time.monotonic()
        function = job.get("function") or job["probe"]
        if not import_status.get("ok"):
            _write_json(
                os.path.join(out_dir, f"{job['key']}.json"),
                {**import_status, "stage": "import", "import_failed": True},
            )
        elif timeouts.get(function, 0) >= MAX_TIMEOUTS_PER_PROBE:
            _write_json(
                os.path.join(out_dir, f"{job['key']}.json"),
                {
                    "ok": False,
                    "stage": "skipped",
                    "timed_out": True,
                    "error": "not run: this function already timed out on an earlier "
                    "(smaller) case",
                },
            )
        elif left is not None and left <= 0:
            _close_env(job)  # no status, not reported: the grader says it was not run
            continue
        else:
            status = _run_isolated(request, job, left)
            if status.get("timed_out"):
                timeouts[function] = timeouts.get(function, 0) + 1
            continue
        _report_done(out_dir, job["key"])
        _close_env(job)


def main(request_path: str) -> int:
    """A request is one part's ({"part", "module", "module_dir", "out_dir", "jobs", ...}) or
    several parts' ({"parts": [...]}, run in order by one worker: the parts that need torch
    share its import)."""
    global _report
    with open(request_path, encoding="utf-8") as handle:
        request = json.load(handle)
    ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0: no job can trace or read us
    if request.get("report_fd") is not None:
        _report = os.fdopen(request["report_fd"], "w", encoding="utf-8")
    import numpy  # noqa: F401  - imported once, shared by every forked job

    _warm_saving()
    parts = [
        {"isolated_user": request.get("isolated_user"), **part} for part in request.get("parts", [])
    ] or [request]
    if any(part.get("preload_torch") for part in parts):
        _preload_torch()
    for part in parts:
        importlib.import_module(f"autograder.sandbox.probes.{part['part']}")
    import envs  # noqa: F401  - the probes build their cases with it: once, not once per job

    _env_fds.extend(
        job["env_fd"] for part in parts for job in part["jobs"] if job.get("env_fd") is not None
    )
    # What is loaded now is shared by every job's child: out of the collector's sight, so that
    # a job's garbage collection neither walks it nor copies its pages (copy-on-write): about
    # 0.3 CPU seconds per full collection in a child of a worker that loaded torch.
    gc.freeze()
    for part in parts:
        _run_part(part)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
