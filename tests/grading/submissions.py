"""Helpers to grade a made-up submission end to end, exactly as Gradescope would."""

from __future__ import annotations

import ast
import copy
import fcntl
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from autograder import scheme
from autograder.grade import local as grade_local
from autograder.grade import results

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


_REFERENCE: list = []


def graded_reference() -> dict:
    """results.json of the reference solutions, graded once per test run (a whole grading
    costs about a minute of CPU): the end-to-end and determinism tests share it, also when
    pytest-xdist runs them in different workers (one run's workers share PYTEST_XDIST_TESTRUNUID;
    the first grades under a lock, the others read its results.json)."""
    if not _REFERENCE:
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
        if run is None:
            _REFERENCE.append(_grade_reference())
        else:
            # private to this user (a sandboxed attack looks through /tmp/rlhw-*)
            shared = Path(tempfile.gettempdir()) / f"pytest-shared-reference-{run}"
            shared.mkdir(mode=0o700, exist_ok=True)
            with open(shared / "lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                stored = shared / "results.json"
                if not stored.exists():
                    stored.write_text(json.dumps(_grade_reference()))
                _REFERENCE.append(json.loads(stored.read_text()))
    return copy.deepcopy(_REFERENCE[0])


def _grade_reference() -> dict:
    folder = submission_with(Path(tempfile.mkdtemp(prefix="rlhw-reference-")), {})
    try:
        return grade(folder)
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


def only(files: dict) -> dict:
    """Just these files: the parts they do not cover have no file at all and are graded quickly
    as missing, so a test pays only for what it checks."""
    return {**{name: None for name in scheme.student_files()}, **files}


def entries_of(outcome: dict, check_id: str) -> list:
    """The results.json entries of one check (all its cases), found by their tag."""
    return [t for t in outcome["tests"] if check_id in t.get("tags", [])]


def reference_source(part_file: str) -> str:
    return (REPO / "solutions" / part_file).read_text()


# Statements any environment loop or stub has: not the reference's logic.
BOILERPLATE = re.compile(r"NotImplementedError|= env\.(step|reset)\(")


def statements(source: str, names=None) -> set:
    """Every statement inside the bodies of functions and classes (docstrings left out), as
    normalised code; only those of the named top-level definitions when names are given."""
    found = set()
    for top in ast.parse(source).body:
        if not isinstance(top, (ast.FunctionDef, ast.ClassDef)):
            continue
        if names is not None and top.name not in names:
            continue
        for node in ast.walk(top):
            body = getattr(node, "body", [])
            for statement in body if isinstance(body, list) else []:  # a lambda's is one expr
                if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                    continue  # a docstring
                if isinstance(statement, (ast.FunctionDef, ast.ClassDef)):
                    continue
                code = ast.unparse(statement)
                if len(code) > 40 and not BOILERPLATE.search(code):
                    found.add(code)
    return found


def reference_statements() -> set:
    """The statements of the reference's graded functions and classes (what must not leak)."""
    CONTRACT = scheme.contract()  # noqa: N806
    secret = set()
    for name, functions in CONTRACT.items():
        secret |= statements((REPO / "solutions" / name).read_text(), set(functions))
    return secret
