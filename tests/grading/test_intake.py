"""Submission intake: only the expected student files are taken, from wherever they are in the
submission, and nothing else a student uploads can shadow a module of the grader's."""

from __future__ import annotations

import json
import os

import pytest
from forged_markdown import FORGED, assert_only_text
from submissions import entries_of, grade, reference_source

from autograder import scheme
from autograder.grade import intake, results
from autograder.grade.main import total_points
from autograder.sandbox import launch as sandbox

DP = scheme.PARTS["dp"]
DP_POINTS = sum(check.points for check in scheme.checks_of("dp") if not check.reference_only)

# Every one of these would break grading if it were ever imported or collected.
SHADOWS = {
    name: f'raise RuntimeError("SHADOWED: the grader imported the student\'s {name}")\n'
    for name in (
        "conftest.py",
        "numpy.py",
        "torch.py",
        "envs.py",
        "solutions.py",
        "gymnasium.py",
        "sitecustomize.py",
        "usercustomize.py",
        "pytest.py",
        "autograder/__init__.py",
        "autograder/sandbox/probes/__init__.py",
        "autograder/sandbox/probes/dp.py",
        "autograder/grade/verdicts.py",
        "envs/__init__.py",
        "tests/hidden/conftest.py",
    )
}


def _write(folder, files: dict):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


# -- intake itself --------------------------------------------------------------------------------
def test_expected_files_are_copied_and_nothing_else(tmp_path):
    submission = _write(
        tmp_path / "submission",
        {"dp.py": "X = 1\n", "notes.txt": "hi", "conftest.py": "boom", "numpy.py": "boom"},
    )
    report = intake.intake(submission, tmp_path / "student", ["dp.py", "td.py"])
    assert sorted(os.listdir(tmp_path / "student")) == ["dp.py"]
    assert report.found == {"dp.py": "dp.py"}
    assert report.missing == ["td.py"]
    assert report.extra == ["conftest.py", "notes.txt", "numpy.py"]
    summary = report.summary()
    assert "Missing (those parts score 0): `td.py`" in summary
    assert "`conftest.py`" in summary and "`notes.txt`" in summary and "Ignored" in summary


def test_a_zip_of_a_folder_is_found_and_the_shallowest_copy_wins(tmp_path):
    submission = _write(
        tmp_path / "submission",
        {
            "hw3/dp.py": "WHICH = 'hw3'\n",
            "hw3/old/dp.py": "WHICH = 'old'\n",
            "__MACOSX/hw3/dp.py": "WHICH = 'mac'\n",
        },
    )
    report = intake.intake(submission, tmp_path / "student", ["dp.py"])
    assert report.found == {"dp.py": "hw3/dp.py"}
    assert (tmp_path / "student" / "dp.py").read_text() == "WHICH = 'hw3'\n"
    assert "hw3/old/dp.py" in report.extra
    assert "found at `hw3/dp.py`" in report.summary()


def test_a_file_over_the_size_cap_is_refused_with_a_message(tmp_path):
    big = "X = 1\n" + "#" * (intake.MAX_FILE_BYTES + 1) + "\n"
    submission = _write(tmp_path / "submission", {"dp.py": big})
    report = intake.intake(submission, tmp_path / "student", ["dp.py"])
    assert report.missing == ["dp.py"] and "dp.py" in report.refused
    assert not (tmp_path / "student" / "dp.py").exists()
    assert "Refused `dp.py`" in report.summary() and "KiB limit" in report.summary()


def test_links_fifos_and_folders_named_like_a_file_are_not_taken(tmp_path):
    submission = tmp_path / "submission"
    secret = _write(tmp_path, {"secret.py": "SECRET = 1\n"}) / "secret.py"
    submission.mkdir()
    os.symlink(secret, submission / "dp.py")
    os.mkfifo(submission / "td.py")
    (submission / "q_learning.py").mkdir()
    os.symlink(tmp_path, submission / "linked-folder")
    report = intake.intake(submission, tmp_path / "student", ["dp.py", "td.py", "q_learning.py"])
    assert report.found == {}
    assert sorted(report.missing) == ["dp.py", "q_learning.py", "td.py"]
    assert os.listdir(tmp_path / "student") == []


def test_copied_files_are_read_only_for_everyone_else(tmp_path):
    submission = _write(tmp_path / "submission", {"dp.py": "X = 1\n"})
    os.chmod(submission / "dp.py", 0o777)
    intake.intake(submission, tmp_path / "student", ["dp.py"])
    mode = os.stat(tmp_path / "student" / "dp.py").st_mode & 0o777
    assert mode == 0o644
    assert os.stat(tmp_path / "student").st_mode & 0o022 == 0


def test_file_names_cannot_forge_markup_in_the_summary(tmp_path):
    """Names are the student's: newlines, backticks, pipes, HTML, bytes that are not UTF-8."""
    submission = tmp_path / "submission"
    # A name holds neither NUL nor "/"; bytes that are not UTF-8 come in below.
    forged = FORGED.replace("\x00", "").replace("/", "").replace("\ud800\udfff", "")
    lines = [line for line in forged.split("\n") if line] + [forged[:200], forged[-200:]]
    folder = submission / "``` \n# FORGED-FOLDER <b>x</b> |"
    folder.mkdir(parents=True)
    (folder / "dp.py").write_text("X = 1\n")
    for i, line in enumerate(lines):
        (submission / f"{i:02d}{line[:200]}").write_bytes(b"")
    os.close(os.open(os.fsencode(submission) + b"/\xff\xfeFORGED-BYTES`\n# x.py", os.O_CREAT))
    report = intake.intake(submission, tmp_path / "student", ["dp.py", "td.py"])
    assert report.found == {"dp.py": "``` \n# FORGED-FOLDER <b>x</b> |/dp.py"}
    summary = report.summary()
    assert all(line.startswith("- ") for line in summary.split("\n")), summary
    assert_only_text(summary + "\n\nAFTER-THE-SUMMARY", must_remain=("AFTER-THE-SUMMARY",))
    summary.encode("utf-8", "strict")
    path = tmp_path / "results.json"
    results.write_atomic(path, {"score": 0.0, "output": summary, "tests": []})
    assert json.loads(path.read_bytes().decode("utf-8", "strict"))["output"] == summary


# -- end to end ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shadowed(tmp_path_factory):
    """The reference's dp.py inside a folder (a zip of a folder), next to files named like the
    grader's own modules, each of which raises if it is ever imported."""
    folder = tmp_path_factory.mktemp("shadowed") / "submission"
    _write(folder, {"my-homework/dp.py": reference_source("dp.py"), **SHADOWS})
    return grade(folder)


def test_nothing_a_student_uploads_shadows_the_grader(shadowed):
    dp = [t for t in shadowed["tests"] if any(tag.startswith("dp.") for tag in t.get("tags", []))]
    assert dp and all(t["status"] == "passed" for t in dp), [t["output"] for t in dp][:2]
    assert sum(t["score"] for t in dp) == pytest.approx(DP_POINTS)
    assert "SHADOWED" not in str(shadowed)
    assert "internal error" not in str(shadowed)


def test_the_summary_names_the_file_found_and_the_files_ignored(shadowed):
    assert "`dp.py` (found at `my-homework/dp.py`)" in shadowed["output"]
    assert "Ignored (not part of the assignment)" in shadowed["output"]
    assert "`conftest.py`" in shadowed["output"]
    assert "Missing (those parts score 0)" in shadowed["output"]  # the other parts' files


def test_an_oversized_file_scores_zero_for_its_part_and_says_why(tmp_path):
    oversized = reference_source("dp.py") + "#" * (intake.MAX_FILE_BYTES + 10) + "\n"
    outcome = grade(_write(tmp_path / "submission", {"dp.py": oversized}))
    assert "Refused `dp.py`" in outcome["output"]
    assert all(t["score"] == 0 for t in entries_of(outcome, "dp.backup_v"))
    assert outcome["score"] <= total_points() - DP_POINTS


def test_a_name_that_differs_only_in_case_is_graded_with_a_note(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "Dp.py").write_text("x = 1\n")
    report = intake.intake(tmp_path / "sub", tmp_path / "out", scheme.student_files())
    assert (tmp_path / "out" / "dp.py").read_text() == "x = 1\n"
    assert "dp.py" not in report.missing
    assert "case-sensitive" in report.summary() and "Dp.py" in report.summary()


def test_an_exact_name_wins_over_one_in_another_case(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "Dp.py").write_text("old = 1\n")
    (tmp_path / "sub" / "dp.py").write_text("new = 1\n")
    report = intake.intake(tmp_path / "sub", tmp_path / "out", scheme.student_files())
    assert (tmp_path / "out" / "dp.py").read_text() == "new = 1\n"
    assert "case-sensitive" not in report.summary()
    assert "Dp.py" in report.extra


def test_a_very_deep_upload_is_walked_without_recursion(tmp_path):
    deep = tmp_path / "sub"
    deep.mkdir()
    (deep / "td.py").write_text("y = 2\n")
    fd = os.open(deep, os.O_RDONLY)
    for _ in range(1500):  # deeper than Python's recursion limit (and than PATH_MAX)
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    os.close(fd)
    try:
        report = intake.intake(deep, tmp_path / "out", scheme.student_files())
        assert report.found == {"td.py": "td.py"}
    finally:
        sandbox.remove_tree(deep)
