"""The grader caps its own memory (soft RLIMIT_DATA) without capping the sandbox's.

A grader that grows without bound would meet Gradescope's 768-MB container kill, which leaves no
results.json at all; with its own cap it meets a MemoryError in the test at hand instead. The
sandbox's processes set their own, larger limits (launch.Limits), also when not root: that only
works because the grader lowers the soft limit and leaves the hard one alone.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

MiB = 1024**2


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_grader_stops_at_its_cap_and_its_children_do_not():
    done = run(
        f"""
        import resource, subprocess, sys
        from autograder.grade import main
        main.limit_own_memory({64 * MiB})
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        assert soft == {64 * MiB} and hard == resource.RLIM_INFINITY, (soft, hard)
        try:
            bytearray({256 * MiB})
        except MemoryError:
            print("grader: MemoryError")
        # a child raises its own soft limit, as the sandbox's launch does before it drops root
        child = subprocess.run([sys.executable, "-c",
            "import resource; resource.setrlimit(resource.RLIMIT_DATA, (2 << 30, 2 << 30)); "
            "b = bytearray({256 * MiB}); print('child: allocated', len(b) >> 20, 'MiB')"],
            capture_output=True, text=True)
        print(child.stdout.strip(), child.stderr.strip()[-200:])
        """
    )
    assert done.returncode == 0, done.stderr
    assert "grader: MemoryError" in done.stdout
    assert "child: allocated 256 MiB" in done.stdout


def test_a_lower_limit_already_in_place_is_kept():
    done = run(
        f"""
        import resource
        from autograder.grade import main
        resource.setrlimit(resource.RLIMIT_DATA, ({32 * MiB}, {48 * MiB}))
        main.limit_own_memory()
        print(resource.getrlimit(resource.RLIMIT_DATA))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"({32 * MiB}, {48 * MiB})"
