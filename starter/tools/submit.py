"""`make submit`, or `python tools/submit.py`: check your files, rerun the public tests, and
build submission.zip.

It refuses a file that is missing, does not parse or does not import. It warns (it does not stop
you) when a function still raises NotImplementedError or a public test fails: you may submit a
part-finished homework; those parts score 0.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
# The functions and classes Gradescope's autograder calls, file by file (written into the
# handout from the grading scheme).
CONTRACT = json.loads(Path(__file__).with_name("contract.json").read_text(encoding="utf-8"))


def unfinished(tree: ast.Module) -> list:
    """Functions and methods whose body still raises NotImplementedError: 'td0_update',
    'ReplayBuffer.__init__'."""
    names = []

    def visit(body, prefix):
        for node in body:
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                isinstance(statement, ast.Raise) and "NotImplementedError" in ast.unparse(statement)
                for statement in node.body
            ):
                names.append(prefix + node.name)

    visit(tree.body, "")
    return names


def check_file(name: str, expected: list) -> tuple[list, list]:
    """(problems, warnings) of one student file: it parses, imports, defines the contract."""
    path = HERE / name
    if not path.exists():
        return [f"{name} is missing"], []
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=name)
    except SyntaxError as error:  # IndentationError included: where, what, and the line itself
        code = (error.text or "").strip()
        return [
            f"{name} line {error.lineno}: {type(error).__name__}: {error.msg}"
            + (f"\n    {code}" if code else "")
        ], []
    defined = {
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
    }
    problems = [
        f"{name} does not define {item} (keep the names and signatures of the handout)"
        for item in expected
        if item not in defined
    ]
    module = name.removesuffix(".py")
    imported = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if imported.returncode != 0:
        last = (imported.stderr.strip().splitlines() or ["(no message)"])[-1]
        problems.append(f"{name} fails to import: {last}")
    # Graded functions, and the methods of graded classes (ReplayBuffer.__init__, ...).
    warnings = [
        f"{name}: {item} is not implemented yet (it scores 0)"
        for item in unfinished(tree)
        if item.split(".")[0] in expected
    ]
    return problems, warnings


def main() -> int:
    problems, warnings = [], []
    for name, expected in CONTRACT.items():
        found, warned = check_file(name, expected)
        problems += found
        warnings += warned
    for line in warnings:
        print(f"warning: {line}")
    if problems:
        for line in problems:
            print(f"error: {line}")
        print("\nsubmission.zip was NOT built: fix the errors above first.")
        return 1
    print("running the public tests (python -m pytest -q tests/public) on your files...")
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/public"],
        cwd=HERE,
        env={**os.environ, "STUDENT_DIR": str(HERE)},
    )
    if tests.returncode != 0:
        print("\nwarning: some public tests fail (see above); the zip is built anyway.")
    archive = HERE / "submission.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name in CONTRACT:
            zipped.write(HERE / name, name)
    print(f"\nwrote {archive.name} with {', '.join(CONTRACT)}: upload it to Gradescope.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
