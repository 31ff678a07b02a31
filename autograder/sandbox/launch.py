"""The boundary: the only place where the grader starts a process that runs student code.

Everything that crosses it is data: the worker gets a JSON request and leaves JSON and npz files
that the runner reads back (regular files only, size-capped, npz without pickle). On the
untrusted side of it:

- as root (Gradescope, CI, `make grade`, `make regrade`) the child drops to an unprivileged user
  of its own: a *slot* user (`rlsandbox`, `rlsandbox1`, ...) held by a lock for the run, so that
  two gradings on one machine can neither see nor signal each other's processes and files;
- no new privileges (setuid binaries do not elevate); rlimits on CPU seconds, data memory,
  processes, file size, open files and POSIX message queues (none); one BLAS thread;
  `oom_score_adj` 1000, so that when memory runs out the kernel kills student code first;
- a scrubbed environment and a fresh working folder (its HOME and TMPDIR); what it must read
  (the student's files, the worker) it reads through a folder opened to its own group only;
- a wall clock enforced by killing the whole process group and, as root, every process of the
  slot user (`kill(-1)` run as that user: a child that escaped its group by `setsid` dies too).

What the sandbox user can see of the grader's files (every root path: Gradescope's
/autograder, `make grade`'s staged copy, the repository and the venv it runs from, `make
regrade`'s export of every student). The *hidden paths* are /autograder, the grader's own source
folder, the checkout whose venv runs the sandbox, and whatever the grader adds (`hide()`,
`RLHW_HIDDEN_PATHS`: main.py its --root, local.py the repository and the submission, regrade.py
the export folder). Of each, the sandbox sees only what it must execute or read (the
interpreter's prefix, i.e. the venv, and its own work folder), in one of two ways:

- **with namespaces** (root may unshare a mount namespace: here, CI, a VM; probed once per
  process): the child gets a private mount namespace in which each hidden path is covered by an
  empty read-only tmpfs, with only the venv (or work folder) bound back into it. Nothing else
  of it exists for the sandbox: not solutions/, tests/, build/, results/, dist/, .git, another
  student's folder. It also gets a private /dev/shm (a tmpfs of its own, 256 MiB), a private
  System V IPC namespace and a private network namespace: its shared memory, semaphores,
  message queues and sockets die with it. Should the child fail to set this up after the probe
  said it works, the run fails (Popen raises): never a silent fallback to seeing everything.
- **without** (Docker without CAP_SYS_ADMIN, or RLHW_NO_NAMESPACES=1): permissions. For the
  run, each hidden path loses its access for "other" (o-rwx); a hidden path that holds the venv
  keeps o+x only (traversable, not listable) on the way down to it, and every other entry
  along that way loses o-rwx. Modes are recorded in /run/rlhw-sandbox (root only) and restored
  when the last concurrent sandbox ends (a shared flock counts them; after a killed grader, by
  the next sandboxed run). This holds against the sandbox user as long as nothing in a hidden path
  grants access through a group or an ACL (the slot user has no group but its own). IPC and
  network are then shared with the host: what the sandbox leaves is removed after it (below),
  and what it can send it can only read from its own files.

After each run (and before, for what a crashed grader left), as root: every process of the slot
user is killed, its files and folders in every world-writable folder (/tmp, /var/tmp, /dev/shm,
/run/lock, /dev/mqueue, /var/crash, and the root-owned world-writable folders directly in them)
are removed, and its System V shared memory, message queues and semaphores (/proc/sysvipc) are
removed. Untrusted trees are removed with `remove_tree`: iterative (any depth, any path
length), fd-relative, never following a link, never raising.

Memory: RLIMIT_DATA (private writable mappings: the heap, numpy arrays) gives a clean
MemoryError (measured: torch 2.13 CPU imports and trains under 1 GiB, its VmData is ~230 MB).
It does not bound shared mappings (`mmap(-1, n)`) or tmpfs files, nor processes times the
limit: the backstop for those is the container's memory limit plus `oom_score_adj` (and, with
namespaces, the private /dev/shm's size). Not RLIMIT_AS, which counts address space that torch
reserves without using it.

Not root (a student's laptop): the same code path, without the user switch, the process cap,
the namespaces and the hunt for escaped processes; it is not a security boundary there (nor does
it need to be).
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import fcntl
import json
import os
import pwd
import resource
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
# Set to 1 to run as if the kernel refused namespaces (Docker without CAP_SYS_ADMIN): the
# permission fallback, a shared IPC namespace and network.
FORCE_NO_NAMESPACES = "RLHW_NO_NAMESPACES"
# More paths the sandbox must not see, os.pathsep-separated (local.py: the repository).
HIDDEN_PATHS_ENV = "RLHW_HIDDEN_PATHS"
# Use only this slot (waiting for it): lets a test grade twice as the same sandbox user.
SLOT_ENV = "RLHW_SANDBOX_SLOT"
SLOTS = 16  # concurrent gradings on one machine (Gradescope: one)
LOCK_DIR = Path("/run/rlhw-sandbox")
# Where any user may create files; the root-owned world-writable folders directly in these
# count too (e.g. /tmp/.X11-unix).
WORLD_WRITABLE = (
    "/tmp",
    "/var/tmp",
    "/dev/shm",
    "/run/lock",
    "/dev/mqueue",
    "/var/crash",
    "/run/shm",
)
PRIVATE_SHM_BYTES = 256 * 1024 * 1024  # the private /dev/shm's size (with namespaces)
# The grader's own source folder (/autograder/source, a staged copy, or the repository).
GRADER_SOURCE = Path(__file__).resolve().parents[2]
_CLONE_NEWNS = 0x00020000
_CLONE_NEWIPC = 0x08000000
_CLONE_NEWNET = 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 32, 4096, 16384, 1 << 18
_IPC_RMID = 0
_PR_SET_CHILD_SUBREAPER = 36
_PR_SET_NO_NEW_PRIVS = 38
_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here: the child only calls it
_LIBC.mount.argtypes = [
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.c_ulong,
    ctypes.c_char_p,
]
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
_active: dict = {}  # the running sandbox, for kill_active()
_hidden: set = set()  # hide()


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
            subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--user-group",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    name,
                ],
                capture_output=True,
                check=False,
            )
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
    for name in (
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
    ):
        env[name] = "1"
    return env


def _drop_into_sandbox(limits: Limits, ids: tuple[int, int] | None, isolate: bool, view) -> None:
    """Runs in the child between fork and exec: new session, limits, namespaces (isolate:
    network and IPC, best effort; view: the mount plan, or None), then the user switch. Only
    os calls and no buffered files: a lock held by another thread at fork would never free."""
    os.setsid()
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.max_file_bytes, limits.max_file_bytes))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.max_open_files, limits.max_open_files))
    resource.setrlimit(resource.RLIMIT_DATA, (limits.max_data_bytes, limits.max_data_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_MSGQUEUE, (0, 0))  # no POSIX message queue at all
    try:
        fd = os.open("/proc/self/oom_score_adj", os.O_WRONLY)
        try:
            os.write(fd, b"1000")
        finally:
            os.close(fd)
    except OSError:
        pass
    if _LIBC.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS")
    if ids is not None:
        uid, gid = ids
        if isolate:  # best effort: they need CAP_SYS_ADMIN, which Docker may deny
            _LIBC.unshare(_CLONE_NEWNET)
            _LIBC.unshare(_CLONE_NEWIPC)
        if view is not None:  # the parent's probe said it works: fails closed (Popen raises)
            _enter_private_view(view)
        # The process cap counts the user's processes: only meaningful for a dedicated user.
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.max_processes, limits.max_processes))
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    os.umask(0o077)


# -- what the sandbox sees of the grader's files ------------------------------------------------
def hide(*paths) -> None:
    """Add paths (folders or files) the sandbox must not see, for every later run of this
    process (main.py: its --root)."""
    for path in paths:
        _hidden.add(os.path.realpath(path))


def _interpreter_checkout() -> str | None:
    """The checkout of this package whose venv runs the sandbox (`make grade` from a
    repository: .venv inside it), or None."""
    if sys.prefix == sys.base_prefix:
        return None
    parent = os.path.dirname(os.path.realpath(sys.prefix))
    return (
        parent
        if os.path.exists(os.path.join(parent, "autograder", "sandbox", "launch.py"))
        else None
    )


def hidden_paths() -> list[str]:
    """Every path the sandbox must not see, resolved, that exists (never /)."""
    paths = set(_hidden) | {str(GRADER_SOURCE), "/autograder"}
    paths.update(p for p in os.environ.get(HIDDEN_PATHS_ENV, "").split(os.pathsep) if p)
    checkout = _interpreter_checkout()
    if checkout:
        paths.add(checkout)
    real = {os.path.realpath(path) for path in paths}
    return sorted(path for path in real if path != "/" and os.path.lexists(path))


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def needed_paths(*own) -> list[str]:
    """What the sandbox must reach: the interpreter's prefixes (the venv, the base install)
    and its own folders (own); outermost only."""
    paths = {
        sys.prefix,
        sys.exec_prefix,
        sys.base_prefix,
        sys.base_exec_prefix,
        os.path.dirname(sys.executable),
        os.path.dirname(os.path.realpath(sys.executable)),
        *(str(path) for path in own if path is not None),
    }
    real = sorted({os.path.realpath(path) for path in paths}, key=len)
    outer: list = []
    for path in real:
        if not any(_within(path, kept) for kept in outer):
            outer.append(path)
    return outer


def view_plan(*own) -> list[tuple[str, tuple[str, ...]]]:
    """[(hidden path, the needed paths inside it)], outermost first. A hidden path that is
    needed itself, or lies inside something needed, stays visible."""
    needed = needed_paths(*own)
    plan = []
    for hidden in sorted(hidden_paths(), key=lambda p: (p.count("/"), p)):
        if any(_within(hidden, path) for path in needed):
            continue
        plan.append((hidden, tuple(path for path in needed if _within(path, hidden))))
    return plan


def _mount(source, target, fstype, flags: int, data=None) -> None:
    def raw(value):
        return None if value is None else os.fsencode(value)

    if _LIBC.mount(raw(source), raw(target), raw(fstype), flags, raw(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def _enter_private_view(plan) -> None:
    """In the child, as root: a private mount namespace where each hidden path is an empty,
    read-only tmpfs with only the needed paths bound back into it, and /dev/shm is private."""
    if _LIBC.unshare(_CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS)")
    _mount(None, "/", None, _MS_REC | _MS_PRIVATE)  # nothing of ours propagates to the host
    os.umask(0o022)
    if os.path.isdir("/dev/shm") and not os.path.islink("/dev/shm"):
        _mount(
            "tmpfs",
            "/dev/shm",
            "tmpfs",
            _MS_NOSUID | _MS_NODEV,
            f"mode=1777,size={PRIVATE_SHM_BYTES}",
        )
    flags = _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
    for hidden, keeps in plan:
        try:
            info = os.lstat(hidden)
        except FileNotFoundError:
            continue  # inside a path hidden before it
        if not stat.S_ISDIR(info.st_mode):
            _mount("/dev/null", hidden, None, _MS_BIND)
            continue
        fds = [os.open(keep, os.O_PATH | os.O_CLOEXEC) for keep in keeps]  # before it is covered
        _mount("tmpfs", hidden, "tmpfs", flags, "mode=0755,size=64k")
        for keep, fd in zip(keeps, fds, strict=True):
            source = f"/proc/self/fd/{fd}"
            if os.path.isdir(source):
                os.makedirs(keep, 0o755, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(keep), 0o755, exist_ok=True)
                os.close(os.open(keep, os.O_WRONLY | os.O_CREAT, 0o644))
            _mount(source, keep, None, _MS_BIND | _MS_REC)
            os.close(fd)
        _mount(None, hidden, None, _MS_REMOUNT | _MS_RDONLY | flags)


_probed: dict = {}


def namespaces_available() -> bool:
    """Whether the children get private mount, IPC and network namespaces: root, not told
    otherwise (RLHW_NO_NAMESPACES=1), and a probe child could unshare a mount namespace and
    mount in it (probed once per process: Docker may allow unshare and still deny mount)."""
    if not is_root() or os.environ.get(FORCE_NO_NAMESPACES) == "1":
        return False
    if "ok" not in _probed:
        target = tempfile.mkdtemp(prefix="rlhw-nsprobe-")
        try:
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    if _LIBC.unshare(_CLONE_NEWNS) == 0:
                        _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
                        _mount("tmpfs", target, "tmpfs", _MS_NOSUID, "size=4k")
                        _mount(None, target, None, _MS_REMOUNT | _MS_RDONLY | _MS_NOSUID)
                        code = 0
                finally:
                    os._exit(code)
            _probed["ok"] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
        finally:
            os.rmdir(target)
    return _probed["ok"]


# -- the permission fallback (no namespaces) ---------------------------------------------------
_LOCKDOWN = LOCK_DIR / "lockdown.json"  # {path: original mode}, while some run needs it


def _strip(path: str, bits: int, modes: dict) -> None:
    """Take bits away from path's mode (never through a link), recording the original."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode) or not info.st_mode & bits:
        return
    modes.setdefault(path, stat.S_IMODE(info.st_mode))
    with contextlib.suppress(OSError):
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~bits)


def restrict(plan, modes: dict) -> dict:
    """Each hidden path loses o-rwx; one that holds a needed path keeps o+x (not o+r) on
    every folder on the way down to it, and every other entry along the way loses o-rwx."""
    for hidden, keeps in plan:
        if not keeps:
            _strip(hidden, 0o007, modes)
            continue
        allowed: dict = {}  # folder on the way -> names of the way's next step
        for keep in keeps:
            folder = hidden
            for part in os.path.relpath(keep, hidden).split(os.sep):
                allowed.setdefault(folder, set()).add(part)
                folder = os.path.join(folder, part)
        for folder, names in allowed.items():
            _strip(folder, 0o004, modes)
            with contextlib.suppress(OSError), os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name not in names:
                        _strip(entry.path, 0o007, modes)
    return modes


def restore(modes: dict) -> None:
    for path, mode in modes.items():
        with contextlib.suppress(OSError):
            if not stat.S_ISLNK(os.lstat(path).st_mode):
                os.chmod(path, mode)


def _lock_dir_ok() -> bool:
    try:
        LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(LOCK_DIR)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == 0 and not info.st_mode & 0o022


def _read_modes() -> dict:
    try:
        with open(_LOCKDOWN, encoding="utf-8") as handle:
            return {str(k): int(v) for k, v in json.load(handle).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _write_modes(modes: dict) -> None:
    tmp = _LOCKDOWN.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(modes))
    os.replace(tmp, _LOCKDOWN)


def _restore_if_unheld(mutex: int, hold: int) -> None:
    """With mutex held: restore the recorded modes unless some run still holds them."""
    try:
        fcntl.flock(hold, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # another run still needs them: the last one restores
    restore(_read_modes())
    with contextlib.suppress(FileNotFoundError):
        _LOCKDOWN.unlink()
    fcntl.flock(hold, fcntl.LOCK_UN)


def _lockdown_files() -> list:
    return [
        os.open(LOCK_DIR / name, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        for name in ("lockdown.lock", "lockdown.hold")
    ]


def restore_stale_lockdown() -> None:
    """Modes that a killed fallback run left restricted, restored when no run holds them
    (run by every sandboxed run, with namespaces too)."""
    if not _LOCKDOWN.exists() or not _lock_dir_ok():
        return
    opened = _lockdown_files()
    try:
        fcntl.flock(opened[0], fcntl.LOCK_EX)
        _restore_if_unheld(*opened)
    finally:
        for fd in opened:
            os.close(fd)


@contextlib.contextmanager
def permission_lockdown(plan):
    """The fallback without namespaces: `restrict` for the run. Concurrent runs (a regrade's
    gradings, two instructors) share it: each holds a shared flock; the one that ends last
    restores the recorded modes. A crashed run's modes stay recorded (restricted, the safe
    side) until the next run ends."""
    if not plan:
        yield
        return
    if not _lock_dir_ok():  # no shared record: this run alone
        modes = restrict(plan, {})
        try:
            yield
        finally:
            restore(modes)
        return
    opened = _lockdown_files()
    mutex, hold = opened
    try:
        fcntl.flock(mutex, fcntl.LOCK_EX)
        try:
            fcntl.flock(hold, fcntl.LOCK_SH)
            _write_modes(restrict(plan, _read_modes()))
        finally:
            fcntl.flock(mutex, fcntl.LOCK_UN)
        yield
    finally:
        fcntl.flock(mutex, fcntl.LOCK_EX)
        fcntl.flock(hold, fcntl.LOCK_UN)
        _restore_if_unheld(mutex, hold)
        for fd in opened:
            os.close(fd)


# -- slots: one sandbox user per concurrent run ----------------------------------------------
def _acquire_slot(wait_seconds: float = 120.0) -> tuple[int | None, int]:
    """(lock fd, slot): the first slot whose lock is free. Without a lock folder: slot 0."""
    if not _lock_dir_ok():
        return None, 0
    only = os.environ.get(SLOT_ENV, "")
    slots = [int(only)] if only.isdigit() and int(only) < SLOTS else range(SLOTS)
    deadline = time.monotonic() + wait_seconds
    while True:
        for slot in slots:
            fd = os.open(
                LOCK_DIR / f"slot-{slot}",
                os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
            )
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


# -- removing what a sandbox left ---------------------------------------------------------------
def remove_tree(path) -> bool:
    """Remove path (a file, a link or a folder of any depth and path length) as far as
    permissions allow: iterative, fd-relative, never following a link (a link is removed, not
    its target), never leaving the filesystem it starts on, never raising (a vanished entry is
    fine). True when path is gone. The folder path is in is trusted (its links are followed)."""
    path = os.path.abspath(os.fspath(path))
    head, name = os.path.split(path)
    if not name:
        return False  # never /
    try:
        parent = os.open(head, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return not os.path.lexists(path)
    try:
        with contextlib.suppress(OSError, RecursionError):
            _remove_at(parent, name)
        try:
            os.stat(name, dir_fd=parent, follow_symlinks=False)
        except FileNotFoundError:
            return True
        except OSError:
            pass
        return False
    finally:
        os.close(parent)


def _open_folder(name: str, dir_fd: int) -> int | None:
    """An fd of folder name in dir_fd (not a link), or None (vanished, or not a folder)."""
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    except PermissionError:  # not root: a folder without r or x for its owner
        if is_root():
            return None
        with contextlib.suppress(OSError):
            if stat.S_ISDIR(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode):
                os.chmod(name, 0o700, dir_fd=dir_fd)
                return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
        return None
    except OSError:
        return None


def _unlink(name: str, dir_fd: int) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name, dir_fd=dir_fd)


def _clear_files(fd: int) -> list:
    """Unlink every entry of folder fd that is not a folder; return the folders' names."""
    if not is_root():
        with contextlib.suppress(OSError):
            if os.fstat(fd).st_mode & 0o700 != 0o700:
                os.fchmod(fd, 0o700)
    folders = []
    with contextlib.suppress(OSError), os.scandir(fd) as entries:
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.name)
                    continue
            except OSError:
                pass
            _unlink(entry.name, fd)
    return folders


def _remove_at(parent: int, name: str) -> None:
    """Depth first with an explicit stack of (name, identity, folders left); one fd open at a
    time. Climbing back goes through "..", checked against the identity recorded on the way
    down: a folder moved meanwhile stops the removal rather than lead it anywhere else."""
    fd = _open_folder(name, parent)
    if fd is None:
        _unlink(name, parent)
        return
    info = os.fstat(fd)
    device = info.st_dev
    stack = [[name, (info.st_dev, info.st_ino), None]]
    try:
        while stack:
            level = stack[-1]
            if level[2] is None:
                level[2] = _clear_files(fd)
            if level[2]:
                sub = level[2].pop()
                child = _open_folder(sub, fd)
                if child is None:
                    _unlink(sub, fd)  # a link or file by now, or gone
                    continue
                info = os.fstat(child)
                if info.st_dev != device:  # something mounted here: not ours to empty
                    os.close(child)
                    continue
                os.close(fd)
                fd = child
                stack.append([sub, (info.st_dev, info.st_ino), None])
                continue
            stack.pop()
            if not stack:
                break
            up = os.open("..", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=fd)
            os.close(fd)
            fd = up
            info = os.fstat(fd)
            if (info.st_dev, info.st_ino) != stack[-1][1]:
                return  # moved while we were below: never climb anywhere else
            with contextlib.suppress(OSError):
                os.rmdir(level[0], dir_fd=fd)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.rmdir(name, dir_fd=parent)


def world_writable_folders() -> list[str]:
    """WORLD_WRITABLE that exist, and the root-owned world-writable folders directly in them."""
    found: dict = {}
    for top in WORLD_WRITABLE:
        try:
            real = os.path.realpath(top)
            info = os.stat(real)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            continue
        found.setdefault(real, None)
        with contextlib.suppress(OSError), os.scandir(real) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    sub = entry.stat(follow_symlinks=False)
                    if stat.S_ISDIR(sub.st_mode) and sub.st_uid == 0 and sub.st_mode & 0o002:
                        found.setdefault(entry.path, None)
    return list(found)


def remove_user_files(uid: int) -> int:
    """Remove what uid left in the world-writable folders (files, folders of any depth, links,
    fifos, sockets, POSIX shared memory and semaphores in /dev/shm, queues in /dev/mqueue).
    Returns how many entries were removed."""
    removed = 0
    for folder in world_writable_folders():
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            with contextlib.suppress(OSError), os.scandir(fd) as scan:
                entries = list(scan)
            for entry in entries:
                try:
                    if os.stat(entry.name, dir_fd=fd, follow_symlinks=False).st_uid != uid:
                        continue
                except OSError:
                    continue
                with contextlib.suppress(OSError, RecursionError):
                    _remove_at(fd, entry.name)
                removed += 1
        finally:
            os.close(fd)
    return removed


def remove_user_ipc(uid: int) -> int:
    """Remove uid's System V shared memory segments, message queues and semaphore sets (those
    it owns or created, as listed in /proc/sysvipc: the grader's IPC namespace). Returns how
    many were removed."""
    removed = 0
    for kind, key in (("shm", "shmid"), ("msg", "msqid"), ("sem", "semid")):
        try:
            with open(f"/proc/sysvipc/{kind}", encoding="ascii", errors="replace") as handle:
                lines = handle.read().splitlines()
        except OSError:
            continue
        if not lines:
            continue
        header = lines[0].split()
        for line in lines[1:]:
            row = dict(zip(header, line.split(), strict=False))
            try:
                ident, owners = int(row[key]), {int(row["uid"]), int(row["cuid"])}
            except (KeyError, ValueError):
                continue
            if uid not in owners:
                continue
            if kind == "shm":
                done = _LIBC.shmctl(ident, _IPC_RMID, None)
            elif kind == "msg":
                done = _LIBC.msgctl(ident, _IPC_RMID, None)
            else:
                done = _LIBC.semctl(ident, 0, _IPC_RMID)
            removed += done == 0
    return removed


def remove_user_traces(uid: int) -> None:
    """After a run (its processes dead): the user's files and its System V IPC objects."""
    remove_user_files(uid)
    remove_user_ipc(uid)


# -- running ----------------------------------------------------------------------------------
def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_sandboxed(
    argv: list[str],
    *,
    workdir: Path,
    limits: Limits,
    share: Path | None = None,
    pass_fds: tuple = (),
) -> SandboxRun:
    """Run argv inside the sandbox; never raises for anything the child does.

    workdir becomes the sandbox's own folder (its cwd, HOME and TMPDIR). share, a root-owned
    folder of what it must read (the student's files, the worker), is opened to this run's user
    alone (group-readable, group = the slot user's own group). Both are taken back before the
    slot is released: the slot's next user (another grading) finds nothing of this one. The
    hidden paths (module docstring) are out of its view: a private mount namespace, else the
    permission lockdown for the run.
    pass_fds: fds the child keeps.
    """
    lock, slot = _acquire_slot() if switches_user() else (None, 0)
    ids = None
    try:
        ids = sandbox_ids(slot) if switches_user() else None
        if ids is None:
            return _run(argv, workdir, limits, None, (False, None), pass_fds)
        _LIBC.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        kill_user_processes(ids[0])  # whatever an earlier, crashed grader left
        remove_user_traces(ids[0])
        os.chown(workdir, ids[0], ids[1])
        os.chmod(workdir, 0o700)
        if share is not None:
            os.chown(share, 0, ids[1])
            os.chmod(share, 0o750)
        plan = view_plan(workdir, share)
        isolate = os.environ.get(FORCE_NO_NAMESPACES) != "1"
        if namespaces_available():
            restore_stale_lockdown()
            return _run(argv, workdir, limits, ids, (isolate, plan), pass_fds)
        with permission_lockdown(plan):
            return _run(argv, workdir, limits, ids, (isolate, None), pass_fds)
    finally:
        if ids is not None:  # every process of the slot is dead by now (_run)
            for folder in (share, workdir):
                if folder is not None:
                    with contextlib.suppress(OSError):
                        os.chown(folder, 0, 0)
                        os.chmod(folder, 0o700)
        if lock is not None:
            os.close(lock)


def _run(argv, workdir: Path, limits: Limits, ids, namespaces, pass_fds) -> SandboxRun:
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
            preexec_fn=lambda: _drop_into_sandbox(limits, ids, *namespaces),
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
    """Kill the running sandbox, if any, and remove its traces (also from a signal handler:
    grading's time is up)."""
    pid, uid = _active.pop("pid", None), _active.pop("uid", None)
    if pid is not None:
        _kill_group(pid)
    if uid is not None:
        kill_user_processes(uid)
        remove_user_traces(uid)


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
