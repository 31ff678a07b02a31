"""Helpers to grade a made-up submission end to end, exactly as Gradescope would."""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder import grade_local, results, scheme

REPO = Path(__file__).resolve().parents[2]


def submission_with(tmp_path: Path, files: dict, *, base: str | None = "solutions") -> Path:
    """A submission folder: the reference's files (or none), with some files replaced."""
    folder = tmp_path / "submission"
    folder.mkdir(parents=True, exist_ok=True)
    if base:
        for name in scheme.student_files():
            if (REPO / base / name).exists():
                shutil.copy(REPO / base / name, folder / name)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text)
    return folder


def grade(folder: Path, **kwargs) -> dict:
    """Grade through run_autograder; the results must be valid whatever the submission did."""
    outcome = grade_local.grade(folder, log=lambda *_: None, **kwargs)
    results.validate(outcome)
    return outcome


def entries_of(outcome: dict, check_id: str) -> list:
    """The results.json entries of one check (all its cases), found by their tag."""
    return [t for t in outcome["tests"] if check_id in t.get("tags", [])]


def reference_source(part_file: str) -> str:
    return (REPO / "solutions" / part_file).read_text()
