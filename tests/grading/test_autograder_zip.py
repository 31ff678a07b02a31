"""`make autograder`: the zip Gradescope needs, with nothing in it that should not be."""

import zipfile

import pytest
from submissions import reference_statements, statements

from autograder import scheme
from autograder.build import package

ALLOWED_TOP_LEVEL = {
    "setup.sh",
    "run_autograder",
    "requirements.txt",
    "autograder",
    "envs",
    "tests",
    "expected",
}


@pytest.fixture(scope="module")
def archive():
    path = package.build_autograder_zip(log=lambda *_: None)
    with zipfile.ZipFile(path) as zipped:
        yield zipped


def test_entry_points_are_at_the_root_and_executable(archive):
    names = set(archive.namelist())
    for script in ("setup.sh", "run_autograder"):
        assert script in names
        assert (archive.getinfo(script).external_attr >> 16) & 0o111, f"{script} not executable"


def test_no_stray_files(archive):
    tops = {name.split("/", 1)[0] for name in archive.namelist()}
    assert tops <= ALLOWED_TOP_LEVEL, tops - ALLOWED_TOP_LEVEL
    assert not [n for n in archive.namelist() if "__pycache__" in n or n.endswith(".pyc")]
    assert not [
        n
        for n in archive.namelist()
        if n.startswith("tests/") and not n.startswith("tests/hidden/")
    ]


def test_no_solution_or_mistake_code_inside(archive):
    assert not [
        n
        for n in archive.namelist()
        if n.startswith(("solutions/", "starter/", "autograder/build/mistakes/"))
    ]
    secret = reference_statements()
    for name in archive.namelist():
        if name.endswith(".py"):
            leaked = secret & statements(archive.read(name).decode("utf-8"))
            assert not leaked, f"{name} contains reference code: {sorted(leaked)[:2]}"


def test_hidden_tests_and_expected_data_are_inside(archive):
    names = set(archive.namelist())
    for part in scheme.PARTS:
        assert f"expected/{part}.npz" in names
        assert f"tests/hidden/test_{part}.py" in names
    assert "expected/mistakes.json" in names
