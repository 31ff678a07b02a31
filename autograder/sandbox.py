"""The boundary: the only place where the grader starts a process that runs student code.

Everything that crosses it is data: the worker gets a JSON request and leaves JSON and npz files
that the runner reads back (regular files only, size-capped, npz without pickle). On the
untrusted side of it:

- as root (Gradescope, CI) the child drops to an unprivileged user of its own: a *slot* user
  (`rlsandbox`, `rlsandbox1`, ...) held by a lock for the run, so that two gradings on one
  machine can neither see nor signal each other's processes and files;
- no new privileges (setuid binaries do not elevate), a private network namespace where the
  kernel allows one (Gradescope's container may not: then the network is reachable, but the
  sandbox user can read nothing secret to send);
- rlimits on CPU seconds, data memory, processes, file size and open files; one BLAS thread;
  `oom_score_adj` 1000, so that when memory runs out the kernel kills student code first;
- a scrubbed environment and a fresh working folder (its HOME and TMPDIR); what it must read
  (the student's files, the worker) it reads through a folder opened to its own group only;
- a wall clock enforced by killing the whole process group and, as root, every process of the
  slot user (`kill(-1)` run as that user: a child that escaped its group by `setsid` dies too),
  then its files in the world-writable folders are removed.

Memory: RLIMIT_DATA (private writable mappings: the heap, numpy arrays) gives a clean
MemoryError (measured: torch 2.13 CPU imports and trains under 1 GiB, its VmData is ~230 MB).
It does not bound shared mappings (`mmap(-1, n)`) or tmpfs files, nor processes times the
limit: the backstop for those is the container's memory limit plus `oom_score_adj`. Not
RLIMIT_AS, which counts address space that torch reserves without using it.

Not root (a student's laptop): the same code path, without the user switch, the process cap and
the hunt for escaped processes; it is not a security boundary there (nor does it need to be).
"""

from __future__ import annotations

import ctypes
import dataclasses
import fcntl
import os
import pwd
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SANDBOX_USER = os.environ.get("RLHW_SANDBOX_USER", "rlsandbox")
# Set to 1 to take the unprivileged path even as root (lets tests exercise both paths).
FORCE_NO_USER_SWITCH = "RLHW_NO_USER_SWITCH"
SLOTS = 16  # concurrent gradings on one machine (Gradescope: one)
LOCK_DIR = Path("/run/rlhw-sandbox")
SHARED_TMP = ("/tmp", "/var/tmp", "/dev/shm")  # where a sandbox user may leave files
_CLONE_NEWNET = 0x40000000
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_NO_NEW_PRIVS = 38
_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here: the child only calls it
_active: dict = {}  # the running sandbox, for kill_active()


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed process tree (RLIMIT_DATA is per process)."""

    wall_seconds: float
    cpu_seconds: int
    max_processes: int = 64
    max_file_bytes: int = 32 * 1024 * 1024
    max_open_files: int = 256
    max_data_bytes: int = 2 * 1024**3


@dataclasses.dataclass(frozen=True)
class SandboxRun:
    returncode: int | None
    timed_out: bool
    wall_seconds: float
    cpu_seconds: float
    stderr_tail: str
    uid: int  # the user the code ran as: the owner of every file it left


def is_root() -> bool:
    return os.geteuid() == 0


def switches_user() -> bool:
    """Whether sandboxed processes run as the unprivileged user (root, unless told otherwise)."""
    return is_root() and os.environ.get(FORCE_NO_USER_SWITCH) != "1"


def slot_user(slot: int) -> str:
    return SANDBOX_USER if slot == 0 else f"{SANDBOX_USER}{slot}"


def sandbox_ids(slot: int = 0) -> tuple[int, int]:
    """(uid, gid) of a slot's user, creating the user (and its own group) if it is missing."""
    name = slot_user(slot)
    for _ in range(50):
        try:
            entry = pwd.getpwnam(name)
            break
        except KeyError:  # useradd can lose the race for /etc/passwd's lock: try again
            subprocess.run(["useradd", "--system", "--user-group", "--no-create-home",
                            "--shell", "/usr/sbin/nologin", name],
                           capture_output=True, check=False)
            time.sleep(0.05)
    else:
        raise RuntimeError(f"could not create the sandbox user {name!r}")
    if entry.pw_uid == 0 or entry.pw_gid == 0:
        raise RuntimeError(f"sandbox user {name!r} must not be root")
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
    resource.setrlimit(resource.RLIMIT_DATA, (limits.max_data_bytes, limits.max_data_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        with open("/proc/self/oom_score_adj", "w") as handle:
            handle.write("1000")
    except OSError:
        pass
    if _LIBC.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS")
    if ids is not None:
        uid, gid = ids
        _LIBC.unshare(_CLONE_NEWNET)  # best effort: needs CAP_SYS_ADMIN, which Docker may deny
        # The process cap counts the user's processes: only meaningful for a dedicated user.
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.max_processes, limits.max_processes))
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    os.umask(0o077)


# -- slots: one sandbox user per concurrent run ----------------------------------------------
def _acquire_slot(wait_seconds: float = 120.0) -> tuple[int | None, int]:
    """(lock fd, slot): the first slot whose lock is free. Without a lock folder: slot 0."""
    try:
        LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(LOCK_DIR)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or info.st_mode & 0o022:
            return None, 0
    except OSError:
        return None, 0
    deadline = time.monotonic() + wait_seconds
    while True:
        for slot in range(SLOTS):
            fd = os.open(LOCK_DIR / f"slot-{slot}", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
                         | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd, slot
            except BlockingIOError:
                os.close(fd)
        if time.monotonic() > deadline:
            raise RuntimeError("no free sandbox slot")
        time.sleep(0.1)


def _processes_of(uid: int):
    """(pid, state, ppid) of every process whose real, effective or saved uid is uid."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
            uids = {int(value) for value in fields["Uid"].split()}
            if uid in uids:
                yield int(entry.name), fields["State"].split()[0], int(fields["PPid"])
        except (OSError, KeyError, ValueError):
            continue


def kill_user_processes(uid: int, rounds: int = 50) -> int:
    """SIGKILL every process of uid: `kill(-1)` sent *as* uid reaches exactly those, in one
    system call (a fork bomb cannot outrun it), whatever session, group or dumpable flag they
    set. Then reap the ones re-parented to us. Returns how many rounds were needed."""
    for round_ in range(1, rounds + 1):
        alive = [pid for pid, state, _ in _processes_of(uid) if state not in "ZX"]
        if not alive:
            _reap_orphans(uid)
            return round_ - 1
        helper = os.fork()
        if helper == 0:
            try:
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(helper, 0)
        _reap_orphans(uid)
        time.sleep(0.005 * round_)
    return rounds  # only a process stuck in the kernel (state D) survives SIGKILL: it dies later


def _reap_orphans(uid: int) -> None:
    """We are a child subreaper: orphans of the sandbox become our children. Collect them, so
    that no zombie counts against the next run's process cap."""
    me = os.getpid()
    for pid, _state, ppid in list(_processes_of(uid)):
        if ppid == me:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass


def remove_user_files(uid: int) -> None:
    """Files and folders the user left in the world-writable folders (e.g. /dev/shm, memory)."""
    for folder in SHARED_TMP:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                continue


# -- running ----------------------------------------------------------------------------------
def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sandboxed(argv: list[str], *, workdir: Path, limits: Limits,
                  share: Path | None = None, pass_fds: tuple = ()) -> SandboxRun:
    """Run argv inside the sandbox; never raises for anything the child does.

    workdir becomes the sandbox's own folder (its cwd, HOME and TMPDIR). share, a root-owned
    folder of what it must read (the student's files, the worker), is opened to this run's user
    alone (group-readable, group = the slot user's own group). Both are taken back before the
    slot is released: the slot's next user (another grading) finds nothing of this one.
    pass_fds: fds the child keeps.
    """
    lock, slot = _acquire_slot() if switches_user() else (None, 0)
    ids = None
    try:
        ids = sandbox_ids(slot) if switches_user() else None
        if ids is not None:
            _LIBC.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
            kill_user_processes(ids[0])  # whatever an earlier, crashed grader left
            os.chown(workdir, ids[0], ids[1])
            os.chmod(workdir, 0o700)
            if share is not None:
                os.chown(share, 0, ids[1])
                os.chmod(share, 0o750)
        return _run(argv, workdir, limits, ids, pass_fds)
    finally:
        if ids is not None:  # every process of the slot is dead by now (_run)
            for folder in (share, workdir):
                if folder is not None:
                    os.chown(folder, 0, 0)
                    os.chmod(folder, 0o700)
        if lock is not None:
            os.close(lock)


def _run(argv, workdir: Path, limits: Limits, ids, pass_fds) -> SandboxRun:
    env = scrubbed_environment(workdir)
    cpu_before = _children_cpu_seconds()
    start = time.monotonic()
    # Unnamed and ours: the sandbox writes to it through its fd and cannot swap it for a link.
    with open(os.devnull, "rb") as stdin, tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            argv,
            cwd=workdir,
            env=env,
            stdin=stdin,
            stdout=stderr,
            stderr=stderr,
            preexec_fn=lambda: _drop_into_sandbox(limits, ids),
            close_fds=True,
            pass_fds=pass_fds,
        )
        _active.update(pid=proc.pid, uid=None if ids is None else ids[0])
        timed_out = False
        try:
            proc.wait(timeout=limits.wall_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _kill_group(proc.pid)
            proc.kill()
            proc.wait()
            kill_active()
        tail = _tail(stderr)
    return SandboxRun(
        returncode=None if timed_out else proc.returncode,
        timed_out=timed_out,
        wall_seconds=time.monotonic() - start,
        cpu_seconds=_children_cpu_seconds() - cpu_before,
        stderr_tail=tail,
        uid=os.getuid() if ids is None else ids[0],
    )


def kill_active() -> None:
    """Kill the running sandbox, if any (also from a signal handler: grading's time is up)."""
    pid, uid = _active.pop("pid", None), _active.pop("uid", None)
    if pid is not None:
        _kill_group(pid)
    if uid is not None:
        kill_user_processes(uid)
        remove_user_files(uid)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _tail(handle, max_bytes: int = 4000) -> str:
    try:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - max_bytes))
        return handle.read(max_bytes).decode("utf-8", errors="replace")
    except OSError:
        return ""


def python_argv(script: Path, *args: str) -> list[str]:
    """The interpreter in isolated mode: PYTHONPATH, user site and the script's folder ignored."""
    return [sys.executable, "-I", str(script), *args]
