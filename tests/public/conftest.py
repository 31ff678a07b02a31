"""Public tests: run on your own files, in seconds, with messages that say what to fix.

Your files are imported from the folder in $STUDENT_DIR, or else from the folder above tests/
(the handout's layout): `make test` or `python -m pytest tests/public` in the handout folder.
"""

import importlib
import os
import sys
import traceback
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def student_dir() -> Path:
    return Path(os.environ.get("STUDENT_DIR", HERE.parents[1])).resolve()


# A student module that failed to import: its one short message, so it is not re-run per test.
BROKEN: dict = {}


def load(name):
    folder = str(student_dir())
    if folder not in sys.path:
        sys.path.insert(0, folder)
    if name in BROKEN:
        pytest.fail(BROKEN[name], pytrace=False)
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            pytest.fail(
                f"{name}.py not found in {folder}; run the tests from the handout folder "
                "or set STUDENT_DIR",
                pytrace=False,
            )
        BROKEN[name] = import_error(name, exc)
    except (Exception, SystemExit) as exc:  # a syntax error, any error as the file runs
        BROKEN[name] = import_error(name, exc)
    pytest.fail(BROKEN[name], pytrace=False)


def import_error(name, exc):
    """One short message instead of importlib's traceback: file, line, the code, the error.

    dp.py line 12: IndentationError: unexpected indent
        return V
    """
    filename, line, code = f"{name}.py", None, ""
    if isinstance(exc, SyntaxError):  # IndentationError and TabError included
        message = exc.msg
        filename = Path(exc.filename).name if exc.filename else filename
        line, code = exc.lineno, exc.text or ""
    else:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        folder = student_dir()
        # The innermost frame in the student's files: where their code went wrong.
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if Path(frame.filename).resolve().parent == folder:
                filename, line, code = Path(frame.filename).name, frame.lineno, frame.line or ""
                break
    text = f"{filename} line {line}" if line else filename
    text += f": {type(exc).__name__}" + (f": {message}" if message else "")
    return f"{text}\n    {code.strip()}" if code.strip() else text


def call(function, *args, **kwargs):
    """Call a student function; an unfinished stub fails with a clear message, not a traceback."""
    try:
        return function(*args, **kwargs)
    except NotImplementedError:
        pass
    pytest.fail(f"{function.__name__} is not implemented yet", pytrace=False)


@pytest.fixture
def dp():
    return load("dp")


@pytest.fixture
def td():
    return load("td")


@pytest.fixture
def ql():
    return load("q_learning")


@pytest.fixture
def dqn():
    return load("dqn")


@pytest.fixture
def reinforce():
    return load("reinforce")
