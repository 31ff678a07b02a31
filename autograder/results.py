"""Gradescope's results.json: its documented format, a validator, and an atomic writer.

Format (Gradescope's autograder specification): a top-level object with an optional `score`,
`execution_time` (seconds, a number), `output`, `output_format`, `visibility`,
`stdout_visibility`, `extra_data`, `leaderboard`, and `tests`: a list of objects with `score`,
`max_score`, `status` ("passed" / "failed"), `name`, `number`, `output`, `output_format`, `tags`,
`visibility`, `extra_data`.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

VISIBILITIES = {"visible", "hidden", "after_due_date", "after_published"}
OUTPUT_FORMATS = {"text", "html", "simple_format", "md", "ansi"}
STATUSES = {"passed", "failed"}
MAX_OUTPUT_CHARS = 20_000  # per test; Gradescope pages get slow past that


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
        if "visibility" in test and test["visibility"] not in VISIBILITIES:
            raise InvalidResults(f"{where}.visibility must be one of {sorted(VISIBILITIES)}")
        if "output_format" in test and test["output_format"] not in OUTPUT_FORMATS:
            raise InvalidResults(f"{where}.output_format must be one of {sorted(OUTPUT_FORMATS)}")
        if "tags" in test and not (isinstance(test["tags"], list)
                                   and all(isinstance(t, str) for t in test["tags"])):
            raise InvalidResults(f"{where}.tags must be a list of strings")
    for i, entry in enumerate(results.get("leaderboard", [])):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InvalidResults(f"leaderboard[{i}] needs a name")
        _number(entry.get("value"), f"leaderboard[{i}].value")
        if entry.get("order", "desc") not in ("asc", "desc"):
            raise InvalidResults(f"leaderboard[{i}].order must be 'asc' or 'desc'")
    json.dumps(results, allow_nan=False)
    return results


def write_atomic(path: Path, results: dict) -> None:
    """Validate, then replace path in one rename: a reader never sees half a file."""
    validate(results)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2, allow_nan=False)
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
        "execution_time": 0.0,
        "tests": [],
    }
