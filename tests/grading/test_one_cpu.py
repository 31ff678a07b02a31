"""Grading on one CPU under a quota of at most one (autograder/grade/one_cpu.py): the quota as
cgroup v1 and v2 write it, seen from a container or from the host, and the pin itself, which
every thread and every later child inherits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.grade import one_cpu

REPO = Path(__file__).resolve().parents[2]


V1_NONE = "cpu.cfs_quota_us=-1;cpu.cfs_period_us=100000"


def _write(path: Path, text: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for name, content in (line.split("=", 1) for line in text.split(";")):
        (path / name).write_text(content + "\n")


# (what: {folder under the cgroup root: its files}, /proc/self/cgroup, CPUs the quota allows)
QUOTAS = {
    "v2, the process's own cgroup": (
        {"grading": "cpu.max=max 100000", "grading/job": "cpu.max=50000 100000"},
        "0::/grading/job",
        0.5,
    ),
    "v2, an ancestor's smaller limit is the one that holds": (
        {"a": "cpu.max=25000 100000", "a/b": "cpu.max=200000 100000"},
        "0::/a/b",
        0.25,
    ),
    "v2, no quota anywhere": ({"a": "cpu.max=max 100000"}, "0::/a", None),
    # /proc/self/cgroup names the host's path (/docker/<id>); the container sees its own
    # cgroup mounted at /sys/fs/cgroup/cpu: the host path is absent below it.
    "v1, inside a container the mount is the container's cgroup": (
        {"cpu": "cpu.cfs_quota_us=50000;cpu.cfs_period_us=100000"},
        "4:memory:/docker/abc\n2:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc",
        0.5,
    ),
    "v1, unlimited is -1": ({"cpu": V1_NONE, "cpu/bench": V1_NONE}, "3:cpu:/bench", None),
    "v1, a nested group's quota": (
        {"cpu": V1_NONE, "cpu/bench": "cpu.cfs_quota_us=150000;cpu.cfs_period_us=100000"},
        "3:cpu,cpuacct:/bench",
        1.5,
    ),
}


@pytest.mark.parametrize("folders, proc_cgroup, cpus", QUOTAS.values(), ids=list(QUOTAS))
def test_the_quota_as_each_cgroup_version_writes_it(tmp_path, folders, proc_cgroup, cpus):
    if proc_cgroup.startswith("0::"):  # the unified hierarchy announces itself at its root
        (tmp_path / "cgroup.controllers").write_text("cpu memory\n")
    for folder, files in folders.items():
        _write(tmp_path / folder, files)
    found = one_cpu.cpu_quota(proc_cgroup + "\n", tmp_path)
    assert found == (None if cpus is None else pytest.approx(cpus))


def test_unreadable_or_garbage_files_mean_no_quota(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu\n")
    _write(tmp_path / "x", "cpu.max=lots")
    assert one_cpu.cpu_quota("0::/x\n", tmp_path) is None
    _write(tmp_path / "y", "cpu.max=50000 0")
    assert one_cpu.cpu_quota("0::/y\n", tmp_path) is None
    _write(tmp_path / "cpu", "cpu.cfs_quota_us=50000;cpu.cfs_period_us=0")
    assert one_cpu.cpu_quota("1:cpu:/\n", tmp_path) is None
    assert one_cpu.cpu_quota("garbage without colons\n", tmp_path) is None
    assert one_cpu.cpu_quota("", tmp_path / "missing") is None


def test_no_pin_above_one_cpu_or_without_a_quota():
    before = os.sched_getaffinity(0)
    assert one_cpu.pin_if_capped(2.0)["pinned_to"] is None
    assert one_cpu.pin_if_capped(1.5)["pinned_to"] is None
    assert os.sched_getaffinity(0) == before


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs to pin to one")
def test_under_half_a_cpu_every_thread_and_later_child_stays_on_one_cpu():
    # In a child process: the pin is for the whole grader process, not for pytest's.
    script = textwrap.dedent(
        """
        import json, os, subprocess, sys, threading
        from autograder.grade import one_cpu
        waiting = threading.Event()
        earlier = threading.Thread(target=waiting.wait)
        earlier.start()
        decided = one_cpu.pin_if_capped(0.5)
        child = subprocess.run(
            [sys.executable, "-c", "import os; print(sorted(os.sched_getaffinity(0)))"],
            capture_output=True, text=True, check=True,
        ).stdout
        print(json.dumps({
            "decided": decided,
            "main": sorted(os.sched_getaffinity(0)),
            "earlier_thread": sorted(os.sched_getaffinity(earlier.native_id)),
            "child": json.loads(child),
        }))
        waiting.set()
        """
    )
    found = json.loads(
        subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
    )
    cpu = found["decided"]["pinned_to"]
    assert cpu in os.sched_getaffinity(0)
    assert found["decided"]["cpu_quota"] == 0.5
    assert found["main"] == found["earlier_thread"] == found["child"] == [cpu]
