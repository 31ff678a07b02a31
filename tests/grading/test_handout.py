"""`make handout`: what students get holds no solution, no hidden test, no expected data."""

import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from submissions import reference_statements, statements

from autograder import package, scheme

sys.path.insert(0, str(package.REPO / "starter"))
from tools.submit import CONTRACT  # noqa: E402


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    archive = package.build_handout_zip(log=lambda *_: None)
    folder = tmp_path_factory.mktemp("handout")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
        names = zipped.namelist()
    return folder, names


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


def test_points_table_is_filled_in(handout):
    folder, _ = handout
    assert scheme.points_table() in (folder / "README.md").read_text()


def run_public_tests(folder):
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/public"], cwd=folder,
                          capture_output=True, text=True, timeout=300)


def test_public_tests_fail_clearly_on_the_stubs_and_pass_on_the_reference(handout, tmp_path):
    folder, _ = handout
    blank = run_public_tests(folder)
    assert blank.returncode == 1
    assert "not implemented yet" in blank.stdout and "Traceback" not in blank.stdout
    solved = tmp_path / "solved"
    shutil.copytree(folder, solved)
    for name in scheme.student_files():
        shutil.copy(package.REPO / "solutions" / name, solved / name)
    done = run_public_tests(solved)
    assert done.returncode == 0, done.stdout[-2000:]


def test_make_submit_builds_exactly_the_expected_files(handout, tmp_path):
    folder, _ = handout
    work = tmp_path / "work"
    shutil.copytree(folder, work)
    shutil.copy(package.REPO / "solutions" / "dp.py", work / "dp.py")
    (work / "notes.txt").write_text("not part of the submission")
    done = subprocess.run([sys.executable, "tools/submit.py"], cwd=work, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning: td.py: td0_update is not implemented yet" in done.stdout
    assert "dp.py: bellman_backup_v is not implemented" not in done.stdout
    with zipfile.ZipFile(work / "submission.zip") as zipped:
        assert sorted(zipped.namelist()) == sorted(scheme.student_files())


def test_make_submit_refuses_a_file_that_does_not_parse(handout, tmp_path):
    folder, _ = handout
    work = tmp_path / "broken"
    shutil.copytree(folder, work)
    (work / "dp.py").write_text("def bellman_backup_v(mdp, V)\n    return V\n")
    done = subprocess.run([sys.executable, "tools/submit.py"], cwd=work, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 1
    assert "dp.py:1: syntax error" in done.stdout and not (work / "submission.zip").exists()
