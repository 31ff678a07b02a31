"""The handout's `make plots` (starter/tools/plots.py): the reference draws every picture, the
blank stubs draw none and say why in one line each, a bug is one line too, not a traceback wall.

Budgets are `--quick` ones: these tests check that the pictures are drawn, not that agents learn.
matplotlib is a dev requirement (requirements-dev.txt): without it these tests fail, never skip.
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
PLOTS = REPO / "starter" / "tools" / "plots.py"
# file -> (format, smallest width and height in pixels a readable picture has)
PICTURES = {
    "gridworld_values.png": ("PNG", (700, 700)),
    "q_learning_curve.png": ("PNG", (900, 350)),
    "dqn_learning_curve.png": ("PNG", (700, 350)),
    "reinforce_learning_curve.png": ("PNG", (700, 350)),
    "catch_agent.gif": ("GIF", (300, 200)),
}


@pytest.fixture(scope="module")
def Image():
    try:
        import matplotlib  # noqa: F401
        from PIL import Image
    except ImportError as error:
        pytest.fail(
            f"`make plots` needs matplotlib (and its pillow), a dev requirement: "
            f"pip install -r requirements-dev.txt ({error})",
            pytrace=False,
        )
    return Image


def run_plots(*args, timeout=120):
    done = subprocess.run(
        [sys.executable, str(PLOTS), "--quick", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture(scope="module")
def reference(Image, tmp_path_factory):
    out = tmp_path_factory.mktemp("plots")
    code, output = run_plots("--student-dir", REPO / "solutions", "--out", out)
    return code, output, out


def test_reference_draws_every_picture(reference):
    code, output, out = reference
    assert code == 0, output
    assert "Traceback" not in output, output
    for name in PICTURES:
        assert f"wrote {out / name}" in output, f"{name} not written:\n{output}"


@pytest.mark.parametrize("name", PICTURES)
def test_pictures_are_valid_and_not_blank(reference, Image, name):
    _, output, out = reference
    expected_format, (min_width, min_height) = PICTURES[name]
    with Image.open(out / name) as image:
        assert image.format == expected_format
        width, height = image.size
        assert min_width <= width <= 4000 and min_height <= height <= 4000, image.size
        frames = getattr(image, "n_frames", 1)
        if expected_format == "GIF":
            assert frames >= 5, f"an animation needs frames; {name} has {frames}"
        image.seek(0)
        pixels = np.asarray(image.convert("RGB"), dtype=np.float64)
    assert pixels.std() > 10, f"{name} looks blank"


def test_unfinished_stubs_are_skipped_one_line_each(Image, tmp_path):
    code, output = run_plots("--student-dir", REPO / "starter", "--out", tmp_path)
    assert code == 0, output
    assert "Traceback" not in output, output
    for name in PICTURES:
        skipped = [line for line in output.splitlines() if line.startswith(f"skipped {name}: ")]
        assert len(skipped) == 1, f"expected one skip message for {name}:\n{output}"
        assert "not implemented yet" in skipped[0] or "does not import" in skipped[0], skipped
    assert not list(tmp_path.iterdir()), "nothing can be drawn from the blank stubs"


def test_only_and_a_bug_in_student_code_is_one_line(Image, tmp_path):
    student = tmp_path / "student"
    student.mkdir()
    source = (REPO / "solutions" / "dp.py").read_text()
    # value_iteration returns one value too many: a plain bug, not an unfinished stub.
    source = source.replace(
        "def value_iteration(mdp, tol=1e-8, max_iters=10_000):",
        "def value_iteration(mdp, tol=1e-8, max_iters=10_000):\n"
        "    return np.zeros(mdp.num_states + 1)\n",
        1,
    )
    (student / "dp.py").write_text(source)
    code, output = run_plots(
        "--student-dir", student, "--out", tmp_path / "out", "--only", "gridworld"
    )
    assert code == 1, output
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("error in ")]
    assert errors and "gridworld_values.png" in errors[0] and "value_iteration" in errors[0], output
    assert not (tmp_path / "out" / "q_learning_curve.png").exists(), "--only draws nothing else"
