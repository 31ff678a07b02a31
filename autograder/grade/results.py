"""Gradescope's results.json: its documented format, a validator, and an atomic writer.

Format (Gradescope's autograder specification): a top-level object with an optional `score`,
`execution_time` (seconds, a number), `output`, `output_format`, `visibility`,
`stdout_visibility`, `extra_data`, `leaderboard`, and `tests`: a list of objects with `score`,
`max_score`, `status` ("passed" / "failed"), `name`, `number`, `output`, `output_format`, `tags`,
`visibility`, `extra_data`.

What is written is strict JSON in UTF-8: no NaN or infinity, no lone surrogates, string keys only.
`write_atomic` first passes every string through `text.clean` (a submission's printed output or
exception message may hold NUL, control characters or lone surrogates) and cuts each `output` to
MAX_OUTPUT_CHARS with a note, so a hostile string can neither make results.json invalid nor get
the real results lost to the fallback.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

from autograder.grade import text

VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}
OUTPUT_FORMATS = {"text", "html", "simple_format", "md", "ansi"}
STATUSES = {"passed", "failed"}
MAX_OUTPUT_CHARS = 20_000  # per test and for the summary; Gradescope pages get slow past that
MAX_NAME_CHARS = 1_000
MAX_DEPTH = 64  # nesting of JSON values (extra_data); deeper is a bug, not data


class InvalidResults(ValueError):
    pass


def _number(value, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidResults(f"{where} must be a finite number, got {value!r}")


def validate(results: dict) -> dict:
    """Raise InvalidResults unless `results` follows Gradescope's documented format."""
    if not isinstance(results, dict):
        raise InvalidResults("results must be a JSON object")
    if "score" not in results and not results.get("tests"):
        raise InvalidResults("results need a score or at least one test")
    if "score" in results:
        _number(results["score"], "score")
    if "execution_time" in results:
        _number(results["execution_time"], "execution_time")
    for key in ("output",):
        if key in results and not isinstance(results[key], str):
            raise InvalidResults(f"{key} must be a string")
        _length(results.get(key, ""), MAX_OUTPUT_CHARS, key)
    for key in ("output_format", "test_output_format"):
        if key in results and results[key] not in OUTPUT_FORMATS:
            raise InvalidResults(f"{key} must be one of {sorted(OUTPUT_FORMATS)}")
    for key in ("visibility", "stdout_visibility"):
        if key in results and results[key] not in VISIBILITIES:
            raise InvalidResults(f"{key} must be one of {sorted(VISIBILITIES)}")
    for i, test in enumerate(results.get("tests", [])):
        where = f"tests[{i}]"
        if not isinstance(test, dict):
            raise InvalidResults(f"{where} must be an object")
        for key in ("score", "max_score"):
            if key in test:
                _number(test[key], f"{where}.{key}")
        if "score" not in test and "status" not in test:
            raise InvalidResults(f"{where} needs a score or a status")
        if "status" in test and test["status"] not in STATUSES:
            raise InvalidResults(f"{where}.status must be 'passed' or 'failed'")
        for key in ("name", "number", "output"):
            if key in test and not isinstance(test[key], str):
                raise InvalidResults(f"{where}.{key} must be a string")
        _length(test.get("output", ""), MAX_OUTPUT_CHARS, f"{where}.output")
        _length(test.get("name", ""), MAX_NAME_CHARS, f"{where}.name")
        if "visibility" in test and test["visibility"] not in VISIBILITIES:
            raise InvalidResults(f"{where}.visibility must be one of {sorted(VISIBILITIES)}")
        if "output_format" in test and test["output_format"] not in OUTPUT_FORMATS:
            raise InvalidResults(f"{where}.output_format must be one of {sorted(OUTPUT_FORMATS)}")
        if "tags" in test and not (
            isinstance(test["tags"], list) and all(isinstance(t, str) for t in test["tags"])
        ):
            raise InvalidResults(f"{where}.tags must be a list of strings")
    for i, entry in enumerate(results.get("leaderboard", [])):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InvalidResults(f"leaderboard[{i}] needs a name")
        _number(entry.get("value"), f"leaderboard[{i}].value")
        if entry.get("order", "desc") not in ("asc", "desc"):
            raise InvalidResults(f"leaderboard[{i}].order must be 'asc' or 'desc'")
    _strict_json(results, "results", 0)
    return results


def _length(value: str, limit: int, where: str) -> None:
    if len(value) > limit:
        raise InvalidResults(f"{where} has {len(value)} characters; at most {limit}")


def _strict_json(value, where: str, depth: int) -> None:
    """Raise InvalidResults unless `value` is strict JSON: objects with string keys, arrays,
    strings that encode to UTF-8 (no lone surrogates), finite numbers, booleans and null."""
    if depth > MAX_DEPTH:
        raise InvalidResults(f"{where} is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        try:
            value.encode("utf-8", "strict")
        except UnicodeEncodeError as error:
            raise InvalidResults(
                f"{where} is not valid UTF-8 text ({error.reason} at character {error.start})"
            ) from None
    elif value is None or isinstance(value, (bool, int)):
        pass
    elif isinstance(value, float):
        _number(value, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidResults(f"{where} has a key that is not a string: {key!r}")
            _strict_json(key, f"{where} key", depth + 1)
            _strict_json(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _strict_json(item, f"{where}[{i}]", depth + 1)
    else:
        raise InvalidResults(f"{where} is a {type(value).__name__}, not a JSON value")


def sanitised(results: dict) -> dict:
    """A copy of `results` in which every string (and key) went through `text.clean`, each
    `output` is at most MAX_OUTPUT_CHARS and each test name at most MAX_NAME_CHARS, cut with a
    note. Nothing else changes: a NaN score or a wrong status is still for `validate` to refuse."""
    document = _cleaned(results, 0)
    if not isinstance(document, dict):
        return document
    if isinstance(document.get("output"), str):
        document["output"] = text.clean(document["output"], MAX_OUTPUT_CHARS)
    tests = document.get("tests")
    for test in tests if isinstance(tests, list) else []:
        if isinstance(test, dict):
            if isinstance(test.get("output"), str):
                test["output"] = text.clean(test["output"], MAX_OUTPUT_CHARS)
            if isinstance(test.get("name"), str):
                test["name"] = text.clean(test["name"], MAX_NAME_CHARS)
    return document


def _cleaned(value, depth: int):
    if depth > MAX_DEPTH:
        return value  # validate refuses it
    if isinstance(value, str):
        return text.clean(value, limit=None)
    if isinstance(value, dict):
        return {
            text.clean(key, limit=None) if isinstance(key, str) else key: _cleaned(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_cleaned(item, depth + 1) for item in value]
    return value


def write_atomic(path: Path, results: dict) -> None:
    """Sanitise, validate, then replace path in one rename: a reader never sees half a file, and
    what it reads is strict UTF-8 JSON."""
    results = validate(sanitised(results))
    data = json.dumps(results, indent=2, allow_nan=False, ensure_ascii=False).encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def fallback(message: str) -> dict:
    """What results.json says until the real results replace it: zero, and why."""
    return {
        "score": 0.0,
        "output": message,
        "output_format": "md",
        "stdout_visibility": "hidden",  # the grader's log is for the staff
        "execution_time": 0.0,
        "tests": [],
    }
