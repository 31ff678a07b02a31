"""`make handout`: what students get holds no solution, no hidden test, no expected data."""

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from submissions import reference_statements, statements

from autograder import scheme
from autograder.build import package, variants

CONTRACT = scheme.contract()


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    """dist/handout.zip's contents, built as `make handout` builds it, unpacked: (folder, names)."""
    build = tmp_path_factory.mktemp("build")
    archive = package.zip_folder(package.stage_handout(build / "handout"), build / "handout.zip")
    folder = tmp_path_factory.mktemp("handout")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
        names = zipped.namelist()
    return folder, names


@pytest.fixture(scope="module")
def solved(handout, tmp_path_factory):
    """The handout with the reference's five files in place of the stubs."""
    folder = tmp_path_factory.mktemp("solved") / "handout"
    shutil.copytree(handout[0], folder)
    for name in scheme.student_files():
        shutil.copy(package.REPO / "solutions" / name, folder / name)
    return folder


# This repository's environment, which a student's does not have (PYTEST_ADDOPTS: a CI run's
# own pytest options, such as --durations, would change the output these tests read).
LEAKY = ("STUDENT_DIR", "PYTHONPATH", "PYTEST_ADDOPTS")


def student_python(args, folder, timeout=300, **env):
    """Run `python <args>` in the handout folder as a student would: only Python, no make, and
    none of this repository's environment (LEAKY) leaking in."""
    clean = {k: v for k, v in os.environ.items() if k not in LEAKY}
    done = subprocess.run(
        [sys.executable, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**clean, **env},
    )
    return done.returncode, done.stdout + done.stderr


def test_nothing_secret_inside(handout):
    _, names = handout
    forbidden = ("solutions/", "tests/hidden/", "expected/", "autograder/", "tests/grading/")
    assert not [n for n in names if n.startswith(forbidden)]
    assert not [n for n in names if "mistake" in n.lower() or n.endswith((".npz", ".pyc"))]


def test_no_reference_code_inside(handout):
    """No statement of the reference's graded functions appears in any handout file."""
    folder, names = handout
    secret = reference_statements()
    for name in names:
        if name.endswith(".py"):
            leaked = secret & statements((folder / name).read_text())
            assert not leaked, f"{name} contains reference code: {sorted(leaked)[:3]}"


def test_every_stub_is_unimplemented_and_matches_the_contract(handout):
    folder, _ = handout
    assert sorted(CONTRACT) == sorted(scheme.student_files())
    for name, functions in CONTRACT.items():
        text = (folder / name).read_text()
        for function in functions:
            assert re.search(rf"^(def|class) {function}\b", text, re.MULTILINE), (name, function)
        assert "NotImplementedError" in text


def test_make_submit_checks_the_scheme_s_contract(handout):
    """One contract: the scheme's, carried into the handout for `make submit`."""
    folder, _ = handout
    assert json.loads((folder / "tools" / "contract.json").read_text()) == CONTRACT


def test_points_table_is_filled_in(handout):
    folder, _ = handout
    assert scheme.points_table() in (folder / "README.md").read_text()


PUBLIC_TESTS = ["-m", "pytest", "tests/public"]  # the commands README.md documents


def test_public_tests_fail_clearly_on_the_stubs_and_pass_on_the_reference(handout, solved):
    code, output = student_python(PUBLIC_TESTS, handout[0])
    assert code == 1, output
    assert "not implemented yet" in output and "Traceback" not in output, output
    code, output = student_python(PUBLIC_TESTS, solved)
    assert code == 0, output[-2000:]
    assert re.search(r"\b\d+ passed\b", output) and "failed" not in output, output[-2000:]


def test_submit_with_only_python_on_the_reference(solved, tmp_path):
    """`python tools/submit.py`: no warning, the public tests rerun and pass, the five files."""
    work = tmp_path / "handout"
    shutil.copytree(solved, work)
    code, output = student_python(["tools/submit.py"], work, timeout=600)
    assert code == 0, output
    assert "warning" not in output and "error" not in output, output
    assert "running the public tests" in output and re.search(r"\b\d+ passed\b", output), output
    with zipfile.ZipFile(work / "submission.zip") as zipped:
        assert sorted(zipped.namelist()) == sorted(scheme.student_files())
        for name in scheme.student_files():
            assert zipped.read(name) == (package.REPO / "solutions" / name).read_bytes(), name


def test_plots_with_only_python(solved, tmp_path):
    """`python tools/plots.py`: --help, and one fast picture with its progress line."""
    code, output = student_python(["tools/plots.py", "--help"], solved)
    assert code == 0 and "--quick" in output and "--only" in output, output
    out = tmp_path / "plots"
    code, output = student_python(
        ["tools/plots.py", "--quick", "--only", "gridworld", "--out", str(out)], solved
    )
    assert code == 0, output
    lines = output.splitlines()
    progress = [
        i for i, line in enumerate(lines) if line.startswith("[1/1] drawing gridworld_values.png")
    ]
    wrote = [i for i, line in enumerate(lines) if line.startswith("wrote ")]
    assert progress and wrote and progress[0] < wrote[0], output
    assert (out / "gridworld_values.png").stat().st_size > 0


def test_readme_gives_one_python_command_per_task(handout):
    readme = (handout[0] / "README.md").read_text()
    for command in (
        "python -m pytest tests/public",
        "python tools/submit.py",
        "python tools/plots.py",
    ):
        assert f"`{command}`" in readme, command
    assert "make submit" in readme and "reruns the public tests" in readme
    assert "Colab" in readme and "-m pytest -q tests/public" in readme
    assert 'pytest.main(["-q", "tests/public"])' in readme


def fake_python(tmp_path):
    """Stands for python3 in the student Makefile: `-m venv DIR` makes a DIR/bin/python that skips
    `pip install` (no network, no minutes) and is this interpreter for everything else."""
    wrapper = (
        f"#!{sys.executable}\nimport os, sys\n"
        "if sys.argv[1:3] == ['-m', 'pip']:\n    print('(pip skipped)')\n    sys.exit(0)\n"
        "os.execv(sys.executable, [sys.executable] + sys.argv[1:])\n"
    )
    fake = tmp_path / "fake-python3"
    fake.write_text(
        f"#!{sys.executable}\nimport os, pathlib, sys\n"
        "if sys.argv[1:3] == ['-m', 'venv']:\n"
        "    python = pathlib.Path(sys.argv[3], 'bin', 'python')\n"
        "    python.parent.mkdir(parents=True)\n"
        f"    python.write_text({wrapper!r})\n"
        "    python.chmod(0o755)\n"
        "    sys.exit(0)\n"
        "os.execv(sys.executable, [sys.executable] + sys.argv[1:])\n"
    )
    fake.chmod(0o755)
    return fake


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_first_make_says_it_installs_once(solved, tmp_path):
    work = tmp_path / "handout"
    shutil.copytree(solved, work)
    env = {k: v for k, v in os.environ.items() if k not in LEAKY}

    def make(*args):
        done = subprocess.run(
            ["make", "test", *args], cwd=work, capture_output=True, text=True, timeout=300, env=env
        )
        return done.returncode, done.stdout + done.stderr

    code, first = make(f"PYTHON={fake_python(tmp_path)}")
    assert code == 0, first
    lines = first.splitlines()
    notice = [i for i, line in enumerate(lines) if line.startswith("first run: creating .venv")]
    venv = [i for i, line in enumerate(lines) if "-m venv .venv" in line]
    assert notice and venv and notice[0] < venv[0], first
    assert "2-5 minutes" in lines[notice[0]] and "torch (CPU)" in lines[notice[0]], first
    code, again = make(f"PYTHON={fake_python(tmp_path)}")
    assert code == 0 and "first run" not in again and "-m venv" not in again, again
    shutil.rmtree(work / ".venv")
    code, own = make(f"PY={sys.executable}")  # an environment of one's own: nothing installed
    assert code == 0 and "first run" not in own and not (work / ".venv").exists(), own


def test_submit_names_methods_by_class_and_reruns_the_public_tests(handout, tmp_path):
    folder, _ = handout
    work = tmp_path / "work"
    shutil.copytree(folder, work)
    shutil.copy(package.REPO / "solutions" / "dp.py", work / "dp.py")
    (work / "notes.txt").write_text("not part of the submission")
    code, output = student_python(["tools/submit.py"], work, timeout=600)
    assert code == 0, output
    assert "warning: td.py: td0_update is not implemented yet" in output
    assert "dp.py: bellman_backup_v is not implemented" not in output
    assert "warning: dqn.py: ReplayBuffer.__init__ is not implemented yet" in output
    assert "warning: reinforce.py: PolicyNetwork.forward is not implemented yet" in output
    assert not re.search(r": __init__ is not implemented", output), output
    assert "running the public tests" in output and "some public tests fail" in output, output
    with zipfile.ZipFile(work / "submission.zip") as zipped:
        assert sorted(zipped.namelist()) == sorted(scheme.student_files())


def test_submit_refuses_a_file_that_does_not_parse(handout, tmp_path):
    folder, _ = handout
    work = tmp_path / "broken"
    shutil.copytree(folder, work)
    (work / "dp.py").write_text("def bellman_backup_v(mdp, V)\n    return V\n")
    code, output = student_python(["tools/submit.py"], work, timeout=600)
    assert code == 1
    assert "dp.py line 1: SyntaxError" in output and "    def bellman_backup_v(mdp, V)" in output
    assert not (work / "submission.zip").exists()


# A student file that does not import: (the file's text, the message the public tests give).
BROKEN_IMPORTS = {
    "indentation": (
        "import numpy as np\n\n\ndef bellman_backup_v(mdp, V):\n"
        "    V_new = V.copy()\n        return V_new\n",
        "dp.py line 6: IndentationError: unexpected indent\n    return V_new",
    ),
    "syntax": (
        "import numpy as np\n\n\ndef bellman_backup_v(mdp, V)\n    return V\n",
        "dp.py line 4: SyntaxError: ",
    ),
    "error at import": (
        "import numpy\n\nV0 = np.zeros(3)\n",
        "dp.py line 3: NameError: name 'np' is not defined\n    V0 = np.zeros(3)",
    ),
}


@pytest.mark.parametrize("kind", BROKEN_IMPORTS)
def test_a_file_that_does_not_import_is_one_short_message(solved, tmp_path, kind):
    """Each failing test says only: file, line, error, and the offending code line."""
    text, message = BROKEN_IMPORTS[kind]
    student = tmp_path / "student"
    student.mkdir()
    for name in scheme.student_files():
        shutil.copy(package.REPO / "solutions" / name, student / name)
    (student / "dp.py").write_text(text)
    code, output = student_python(
        ["-m", "pytest", "-q", "tests/public/test_dp.py"], solved, STUDENT_DIR=str(student)
    )
    assert code == 1, output
    assert message in output, output
    for noise in ("Traceback", "importlib", 'File "', "_bootstrap"):
        assert noise not in output, output
    # Between pytest's headers, each failing test's report is exactly the short message.
    body = output.split("= ERRORS =", 1)[1].split("= short test summary info =")[0]
    reports = [
        r.strip("\n=")
        for r in re.split(r"^_+ ERROR at setup of \S+ _+$", body, flags=re.MULTILINE)[1:]
    ]
    assert reports and all(r == reports[0] for r in reports), output
    first, *rest = reports[0].splitlines()
    assert first.startswith(message.splitlines()[0]) and len(rest) <= 1, reports[0]
    if kind != "syntax":
        assert reports[0] == message, reports[0]
    else:
        assert rest == ["    def bellman_backup_v(mdp, V)"], reports[0]


# Known mistakes the public tests must recognise, appended to the reference: (file, code,
# public test file, what the message must say).
IN_PLACE = (
    "your backup updates V in place (Gauss-Seidel); the lecture's backup is synchronous: "
    "compute every V_new[s] from the old V, then return the new array"
)
TERMINAL = (
    "a terminal transition has no next state: the target is just r (do not add "
    "gamma max_a' Q(s', a'))"
)
# Variants of the reference (the bank's, or tests/variants/unnamed): the public test file, the
# tests that must fail, what their message must say.
VARIANTS = variants.by_id("mistakes") | variants.by_id("unnamed")
MISTAKES = {
    "dp_in_place_backup": (
        "test_dp.py",
        ["test_racing_first_backup", "test_racing_second_backup", "test_value_iteration_max_iters"],
        IN_PLACE,
    ),
    "q_learning_bootstrap_through_terminal": (
        "test_td_q_learning.py",
        ["test_q_learning_update_does_not_bootstrap_from_a_terminal_state"],
        TERMINAL,
    ),
    "q_learning_linear_ignores_done": (
        "test_td_q_learning.py",
        ["test_linear_q_update_does_not_bootstrap_from_a_terminal_state"],
        TERMINAL,
    ),
    "td_bootstrap_through_terminal": (
        "test_td_q_learning.py",
        ["test_td0_update_does_not_bootstrap_from_a_terminal_state"],
        "a terminal transition has no next state: the sample is just r (do not add gamma V(s'))",
    ),
    # Correct, but the hidden 500-state convergence checks would time out: said before them.
    "dp_loop_over_next_states": (
        "test_dp.py",
        ["test_the_largest_hidden_mdp_in_time"],
        variants.by_id("unnamed")["dp_loop_over_next_states"].meta["PUBLIC"],
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_public_tests_name_the_common_mistakes(solved, tmp_path, mistake):
    """Only the tests meant for the mistake fail, each with the lecture's words for it."""
    tests, failing, words = MISTAKES[mistake]
    variant = VARIANTS[mistake]
    student = tmp_path / "student"
    student.mkdir()
    for other in scheme.student_files():
        shutil.copy(package.REPO / "solutions" / other, student / other)
    (student / scheme.PARTS[variant.part].file).write_text(variants.source(variant))
    # The timing check is left out unless it is the one meant to fail: another mistake written
    # as a loop fails it too, or not, depending on the machine's load.
    timing = "test_the_largest_hidden_mdp_in_time"
    only = [] if timing in failing else ["-k", "not largest_hidden_mdp_in_time"]
    status, output = student_python(
        ["-m", "pytest", "-q", f"tests/public/{tests}", *only], solved, STUDENT_DIR=str(student)
    )
    assert status == 1, output
    failed = sorted(re.findall(r"^FAILED \S+::(\w+)", output, flags=re.MULTILINE))
    assert failed == sorted(failing), output
    assert output.count(words) >= len(failing), output
    if mistake == "dp_in_place_backup":
        assert "at s=1 (warm): expected 1, got 2" in output, output  # each index printed once


def test_the_public_timing_check_uses_the_hidden_mdp_and_limit():
    """tests/public/test_dp.py warns about the hidden convergence checks' largest MDP: same MDP,
    same limit (the scheme's), so a loop over s' fails a visible test before a hidden one."""
    import ast

    source = (package.REPO / "tests" / "public" / "test_dp.py").read_text()
    constants = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and getattr(node.targets[0], "id", "") in ("LARGE_MDP", "HIDDEN_LIMIT_SECONDS")
    }
    largest = max(
        (scheme.MDPS[name] for name in scheme.MDPS if scheme.MDPS[name]["kind"] == "random"),
        key=lambda m: m["num_states"],
    )
    assert constants["LARGE_MDP"] == {k: v for k, v in largest.items() if k != "kind"}
    for check_id in ("dp.value_iteration", "dp.q_iteration"):
        check = scheme.check(check_id)
        assert any(case["mdp"] == largest for case in check.cases.values()), check_id
        assert constants["HIDDEN_LIMIT_SECONDS"] == check.wall_seconds, check_id
