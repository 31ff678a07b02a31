"""The boundary: the only place where the grader starts a process that runs student code.

Everything that crosses it is data: the worker gets a JSON request and leaves JSON and npz files
(read back with `allow_pickle=False`). On the untrusted side of it:

- as root (Gradescope, CI) the child drops to an unprivileged user before it runs anything;
- rlimits on CPU seconds, processes, file size and open files; one BLAS thread;
- a scrubbed environment and a fresh working folder;
- a wall clock enforced by killing the whole process group and, as root, every process the
  sandbox user still owns (so a child that escaped its group by `setsid` dies too).

Not root (a student's laptop): the same code path, without the user switch and the process cap.
"""

from __future__ import annotations

import dataclasses
import os
import pwd
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

SANDBOX_USER = os.environ.get("RLHW_SANDBOX_USER", "rlsandbox")
# Set to 1 to take the unprivileged path even as root (lets tests exercise both paths).
FORCE_NO_USER_SWITCH = "RLHW_NO_USER_SWITCH"


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed process tree. Not RLIMIT_AS: it breaks `import torch`."""

    wall_seconds: float
    cpu_seconds: int
    max_processes: int = 64
    max_file_bytes: int = 32 * 1024 * 1024
    max_open_files: int = 256


@dataclasses.dataclass(frozen=True)
class SandboxRun:
    returncode: int | None
    timed_out: bool
    wall_seconds: float
    cpu_seconds: float
    stderr_tail: str


def is_root() -> bool:
    return os.geteuid() == 0


def switches_user() -> bool:
    """Whether sandboxed processes run as the unprivileged user (root, unless told otherwise)."""
    return is_root() and os.environ.get(FORCE_NO_USER_SWITCH) != "1"


def sandbox_ids() -> tuple[int, int]:
    """(uid, gid) of the sandbox user, creating the user if root and it is missing."""
    try:
        entry = pwd.getpwnam(SANDBOX_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             SANDBOX_USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(SANDBOX_USER)
    if entry.pw_uid == 0:
        raise RuntimeError(f"sandbox user {SANDBOX_USER!r} must not be root")
    return entry.pw_uid, entry.pw_gid


def scrubbed_environment(home: Path) -> dict[str, str]:
    """A minimal environment: no credentials, no PYTHONPATH, one thread for every math library."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "Agg",
    }
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                 "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
        env[name] = "1"
    return env


def _drop_into_sandbox(limits: Limits, ids: tuple[int, int] | None) -> None:
    """Runs in the child between fork and exec: new session, limits, then the user switch."""
    os.setsid()
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.max_file_bytes, limits.max_file_bytes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.max_open_files, limits.max_open_files))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if ids is not None:
        uid, gid = ids
        # The process cap counts the user's processes: only meaningful for a dedicated user.
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.max_processes, limits.max_processes))
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    os.umask(0o077)


def kill_user_processes(uid: int, rounds: int = 5) -> int:
    """SIGKILL every process owned by uid (a fork bomb may respawn: several rounds)."""
    killed = 0
    for _ in range(rounds):
        found = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid != uid:
                    continue
                os.kill(int(entry.name), signal.SIGKILL)
                found += 1
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
        killed += found
        if not found:
            break
        time.sleep(0.02)
    return killed


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sandboxed(argv: list[str], *, workdir: Path, limits: Limits) -> SandboxRun:
    """Run argv inside the sandbox; never raises for anything the child does."""
    ids = sandbox_ids() if switches_user() else None
    if ids is not None:
        os.chown(workdir, ids[0], ids[1])
    env = scrubbed_environment(workdir)
    cpu_before = _children_cpu_seconds()
    start = time.monotonic()
    stderr_path = workdir / "worker-stderr.txt"
    with open(os.devnull, "rb") as stdin, open(stderr_path, "wb") as stderr:
        if ids is not None:
            os.chown(stderr_path, ids[0], ids[1])
        proc = subprocess.Popen(
            argv,
            cwd=workdir,
            env=env,
            stdin=stdin,
            stdout=stderr,
            stderr=stderr,
            preexec_fn=lambda: _drop_into_sandbox(limits, ids),
            close_fds=True,
        )
        timed_out = False
        try:
            proc.wait(timeout=limits.wall_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(proc.pid)
            if ids is not None:
                kill_user_processes(ids[0])
            if proc.returncode is None:
                proc.wait()
    wall = time.monotonic() - start
    return SandboxRun(
        returncode=None if timed_out else proc.returncode,
        timed_out=timed_out,
        wall_seconds=wall,
        cpu_seconds=_children_cpu_seconds() - cpu_before,
        stderr_tail=_tail(stderr_path),
    )


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _tail(path: Path, max_bytes: int = 4000) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - max_bytes))
            return handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def python_argv(script: Path, *args: str) -> list[str]:
    """The interpreter in isolated mode: PYTHONPATH, user site and the script's folder ignored."""
    return [sys.executable, "-I", str(script), *args]
