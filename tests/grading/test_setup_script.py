"""autograder/setup.sh on a fresh Ubuntu 22.04 image (Gradescope's): what it must do, in order.

It cannot run here (it installs system packages as root); these checks read it, and run its
import check in this environment."""

import re
import subprocess
import sys
from pathlib import Path

SETUP = Path(__file__).resolve().parents[2] / "autograder" / "setup.sh"


def commands() -> list:
    return [
        line.strip()
        for line in SETUP.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_it_stops_on_the_first_failure_and_is_valid_bash():
    assert "set -euxo pipefail" in commands()
    subprocess.run(["bash", "-n", str(SETUP)], check=True)


def test_package_lists_are_updated_before_anything_is_installed():
    lines = commands()
    update = next(i for i, line in enumerate(lines) if line == "apt-get update")
    install = next(i for i, line in enumerate(lines) if line.startswith("apt-get install"))
    assert update < install


def test_torch_is_the_cpu_build_of_the_pinned_version():
    pins = dict(
        re.findall(
            r"^([\w-]+)==([\w.]+)$", (SETUP.parent.parent / "requirements.txt").read_text(), re.M
        )
    )
    text = SETUP.read_text()
    assert f"torch=={pins['torch']} --index-url https://download.pytorch.org/whl/cpu" in text
    # installed before requirements.txt, which its pin then leaves alone
    assert text.index("--index-url https://download.pytorch.org/whl/cpu") < text.index(
        "-r requirements.txt"
    )


def test_the_import_check_prints_every_version():
    text = SETUP.read_text()
    check = text[
        text.index("python3 - <<'PY'\n") + len("python3 - <<'PY'\n") : text.index("\nPY\n")
    ]
    done = subprocess.run(
        [sys.executable, "-"], input=check, capture_output=True, text=True, check=True
    )
    for name in ("python", "numpy", "torch", "gymnasium", "pytest", "gradescope-utils"):
        assert f"{name} " in done.stdout, done.stdout


def test_the_image_holds_the_grader_bytecode():
    # Compiled once at the image's build, after the installs: not at every grading.
    lines = commands()
    compiled = lines.index("python3 -m compileall -q .")
    assert compiled > max(i for i, line in enumerate(lines) if "pip install" in line)
