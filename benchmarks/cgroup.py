"""A cgroup shaped like Gradescope's default container (0.5 vCPU, 768 MB), for `make bench`.

    with Cgroup.create(cpus=0.5, memory_mb=768) as group:   # None when not possible (why: .reason)
        subprocess.Popen(argv, preexec_fn=group.enter)
        ...
        group.stats()  # CPU seconds of every process in it, peak memory, OOM and fail counts

cgroup v1 (controllers mounted at /sys/fs/cgroup/{cpu,cpuacct,memory}) or v2 (a unified
hierarchy at /sys/fs/cgroup with the cpu and memory controllers), as root. The CPU figure comes
from the cgroup's own accounting (cpuacct.usage, or cpu.stat usage_usec), so it counts every
process that ran in it, the sandbox users' included, whether or not it was reaped by the grader.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
PERIOD_US = 100_000
# The share given when the machine is busy: the quota caps the group at `cpus`; a large weight
# makes sure other load on the machine does not push it below that (the figure is "at 0.5 vCPU",
# not "at whatever a busy machine leaves").
SHARES_V1 = 8192
WEIGHT_V2 = 1000


class Unavailable(Exception):
    pass


class Cgroup:
    """One cgroup (v1: one per controller, same name) for one measured process tree."""

    def __init__(self, version: int, paths: dict, cpus: float, memory_mb: int):
        self.version, self.paths, self.cpus, self.memory_mb = version, paths, cpus, memory_mb
        self.started = time.monotonic()

    # -- creating ----------------------------------------------------------------------------
    @classmethod
    def available(cls) -> tuple[int | None, str]:
        """(1 or 2, "") when this process can create a limited cgroup, else (None, why not)."""
        if os.geteuid() != 0:
            return None, "not root: cannot create a cgroup"
        if all((ROOT / c / "cgroup.procs").exists() for c in ("cpu", "cpuacct", "memory")):
            return 1, ""
        controllers = ROOT / "cgroup.controllers"
        if controllers.exists():
            have = set(controllers.read_text().split())
            if {"cpu", "memory"} <= have:
                return 2, ""
            return None, f"cgroup v2 without the cpu and memory controllers ({sorted(have)})"
        return None, "no cgroup v1 cpu/cpuacct/memory controllers and no cgroup v2 at " + str(ROOT)

    @classmethod
    def create(cls, *, cpus: float, memory_mb: int, name: str | None = None) -> Cgroup:
        version, why = cls.available()
        if version is None:
            raise Unavailable(why)
        name = name or f"rlhw-bench-{os.getpid()}-{time.monotonic_ns()}"
        limit = str(memory_mb * 1024 * 1024)
        if version == 1:
            paths = {c: ROOT / c / name for c in ("cpu", "cpuacct", "memory")}
            for path in paths.values():
                path.mkdir()
            group = cls(1, paths, cpus, memory_mb)
            try:
                _write(paths["cpu"] / "cpu.cfs_period_us", PERIOD_US)
                _write(paths["cpu"] / "cpu.cfs_quota_us", int(cpus * PERIOD_US))
                _write(paths["cpu"] / "cpu.shares", SHARES_V1)
                _write(paths["memory"] / "memory.limit_in_bytes", limit)
                with contextlib.suppress(OSError):  # no swap accounting: nothing to limit
                    _write(paths["memory"] / "memory.memsw.limit_in_bytes", limit)
            except BaseException:
                group.remove()
                raise
            return group
        path = ROOT / name
        subtree = ROOT / "cgroup.subtree_control"
        with contextlib.suppress(OSError):
            subtree.write_text("+cpu +memory")
        path.mkdir()
        group = cls(2, {"unified": path}, cpus, memory_mb)
        try:
            _write(path / "cpu.max", f"{int(cpus * PERIOD_US)} {PERIOD_US}")
            with contextlib.suppress(OSError):
                _write(path / "cpu.weight", WEIGHT_V2)
            _write(path / "memory.max", limit)
            with contextlib.suppress(OSError):
                _write(path / "memory.swap.max", 0)
        except BaseException:
            group.remove()
            raise
        return group

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()

    def describe(self) -> str:
        return (
            f"cgroup v{self.version}: {self.cpus:g} CPU (quota {int(self.cpus * PERIOD_US)} "
            f"us per {PERIOD_US} us), memory limit {self.memory_mb} MB, no swap"
        )

    # -- using -------------------------------------------------------------------------------
    def enter(self, pid: int | None = None) -> None:
        """Move pid (default: the calling process, e.g. from Popen's preexec_fn) into the group."""
        pid = os.getpid() if pid is None else pid
        for path in self.paths.values():
            with open(path / "cgroup.procs", "w") as handle:
                handle.write(str(pid))

    def stats(self) -> dict:
        if self.version == 1:
            cpu = int(_read(self.paths["cpuacct"] / "cpuacct.usage")) / 1e9
            memory = self.paths["memory"]
            peak = int(_read(memory / "memory.max_usage_in_bytes"))
            failcnt = int(_read(memory / "memory.failcnt"))
            oom = _fields(_read(memory / "memory.oom_control")).get("oom_kill", 0)
            throttled = _fields(_read(self.paths["cpu"] / "cpu.stat"))
            throttled_s = throttled.get("throttled_time", 0) / 1e9
        else:
            path = self.paths["unified"]
            stat = _fields(_read(path / "cpu.stat"))
            cpu = stat.get("usage_usec", 0) / 1e6
            throttled_s = stat.get("throttled_usec", 0) / 1e6
            peak_file = path / "memory.peak"
            peak = int(_read(peak_file)) if peak_file.exists() else -1
            events = _fields(_read(path / "memory.events"))
            failcnt, oom = events.get("max", 0), events.get("oom_kill", 0)
        return {
            "cpu_seconds": round(cpu, 2),
            "peak_memory_mb": round(peak / 2**20, 1),
            "memory_failcnt": failcnt,
            "oom_kills": oom,
            "throttled_seconds": round(throttled_s, 1),
        }

    def pids(self) -> list[int]:
        path = next(iter(self.paths.values())) / "cgroup.procs"
        try:
            return [int(line) for line in _read(path).split()]
        except OSError:
            return []

    def remove(self) -> None:
        """Kill whatever is left in the group, then remove it."""
        import signal

        for _ in range(50):
            pids = self.pids()
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.1)
        for path in self.paths.values():
            for _ in range(50):
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)


def _write(path: Path, value) -> None:
    with open(path, "w") as handle:
        handle.write(str(value))


def _read(path: Path) -> str:
    with open(path) as handle:
        return handle.read().strip()


def _fields(text: str) -> dict:
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("-").isdigit():
            found[parts[0]] = int(parts[1])
    return found
