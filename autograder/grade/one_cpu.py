"""Grade on one CPU when the container may use at most one (Gradescope's 0.5 vCPU).

A learning check is a ping-pong: the student's loop (in a sandboxed job) sends an action, the
grader's env host (a thread of the grader) steps and answers, thousands of times. When the two
sit on different CPUs every message wakes the other CPU, and that costs CPU time: measured on
Python 3.11 in the 0.5 CPU cgroup of `make bench`, the reference's reinforce.train took 6.5
CPU-s free to run on both CPUs and 3.1 pinned to one.

A CFS quota of at most one CPU already caps the whole container at one CPU's worth of time, so
keeping the grader and everything it starts on one CPU takes no throughput away; it only
removes the cross-CPU wake-ups. With more than one CPU's worth (a laptop, CI) the kernel keeps
placing the processes: the grading is mostly sequential, but other work on the machine is not.
"""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


def _quota_v2(directory: Path) -> float | None:
    """CPUs allowed by one v2 cgroup's cpu.max ("max 100000", "50000 100000"), None for none."""
    try:
        quota, period = (directory / "cpu.max").read_text().split()[:2]
        if quota == "max" or int(period) <= 0:
            return None
        return int(quota) / int(period)
    except (OSError, ValueError):
        return None


def _quota_v1(directory: Path) -> float | None:
    """CPUs allowed by one v1 cgroup's cfs_quota_us / cfs_period_us (-1: none)."""
    try:
        quota = int((directory / "cpu.cfs_quota_us").read_text())
        period = int((directory / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return None if quota <= 0 or period <= 0 else quota / period


def _lowest(quotas) -> float | None:
    found = [q for q in quotas if q is not None]
    return min(found) if found else None


def _along(mount: Path, relative: str) -> list:
    """The directories from the process's own cgroup up to the mount (the effective limit is
    the smallest on that path). Inside a container the mount often is the container's own
    cgroup while /proc/self/cgroup names the host's path: parts of it are then absent."""
    parts = [p for p in relative.strip("/").split("/") if p]
    return [mount.joinpath(*parts[:n]) for n in range(len(parts), -1, -1)]


def cpu_quota(proc_cgroup: str | None = None, root: Path = CGROUP_ROOT) -> float | None:
    """How many CPUs this process's cgroups allow (e.g. 0.5), None when no quota is set or
    none can be read. `proc_cgroup` is the text of /proc/self/cgroup."""
    if proc_cgroup is None:
        try:
            proc_cgroup = Path("/proc/self/cgroup").read_text()
        except OSError:
            return None
    quotas = []
    for line in proc_cgroup.splitlines():
        hierarchy, _, rest = line.partition(":")
        controllers, _, relative = rest.partition(":")
        if hierarchy == "0" and controllers == "":
            if (root / "cgroup.controllers").exists():  # the unified (v2) hierarchy
                quotas += [_quota_v2(d) for d in _along(root, relative)]
        elif "cpu" in controllers.split(","):
            for mount in (root / "cpu", root / controllers, root / "cpu,cpuacct"):
                if mount.is_dir():
                    quotas += [_quota_v1(d) for d in _along(mount, relative)]
                    break
    return _lowest(quotas)


def current_cpu() -> int | None:
    """The CPU this thread last ran on (field 39 of /proc/thread-self/stat), None if unknown."""
    try:
        stat = Path("/proc/thread-self/stat").read_text()
        return int(stat.rpartition(")")[2].split()[36])
    except (OSError, ValueError, IndexError):
        return None


def _threads() -> list:
    try:
        return [int(name) for name in os.listdir("/proc/self/task")]
    except OSError:
        return []


def pin_if_capped(quota: float | None = None) -> dict:
    """Keep this process (each of its threads: affinity is per thread, numpy's BLAS may have
    started some) and everything it starts afterwards on one CPU when the quota is at most one
    CPU. Returns what was decided, for the results' extra_data."""
    quota = cpu_quota() if quota is None else quota
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return {"cpu_quota": quota, "pinned_to": None, "why": "no CPU affinity on this system"}
    decided = {"cpu_quota": quota, "cpus_allowed": len(allowed), "pinned_to": None}
    if quota is None or math.ceil(quota) > 1 or len(allowed) < 2:
        return decided
    cpu = current_cpu()
    cpu = cpu if cpu in allowed else allowed[-1]
    try:
        os.sched_setaffinity(0, {cpu})  # this thread, whose children and threads inherit it
    except OSError as error:
        decided["why"] = f"could not pin: {error}"
        return decided
    for thread in _threads():
        with contextlib.suppress(OSError):  # e.g. a thread that ended since the listing
            os.sched_setaffinity(thread, {cpu})
    decided["pinned_to"] = cpu
    return decided
