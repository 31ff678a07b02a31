"""The expected data, read side: what the grader compares a submission's outputs with.

Written at build time by `autograder.build.expected` (which this module never imports): the
reference's arrays per job, each known mistake's arrays per job, and the mistakes' names and
explanations. The zip carries only these files, no solution or mistake code.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np

from autograder import scheme


@dataclasses.dataclass(frozen=True)
class Mistake:
    """A known mistake: a variant of the reference that a student may have written."""

    id: str  # file stem, e.g. "dp_in_place_backup"
    part: str
    name: str
    explanation: str
    caught_by: tuple  # check ids that must lose points for it


class ExpectedData:
    """Read side, used by the grader: expected arrays and mistake arrays for a job key."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        meta = self.folder / "mistakes.json"
        stored = json.loads(meta.read_text()) if meta.exists() else {}
        self.mistakes = {
            k: Mistake(**{**v, "caught_by": tuple(v["caught_by"])}) for k, v in stored.items()
        }
        self._parts: dict = {}

    def _load(self, name: str) -> dict:
        if name not in self._parts:
            path = self.folder / f"{name}.npz"
            grouped: dict = {}
            if path.exists():
                with np.load(path, allow_pickle=False) as data:
                    for flat in data.files:
                        head, _, output = flat.rpartition("/")
                        grouped.setdefault(head, {})[output] = np.array(data[flat])
            self._parts[name] = grouped
        return self._parts[name]

    def reference(self, check: scheme.Check, case_id: str) -> dict:
        return self._load(check.part)[check.job_key(case_id)]

    def mistake_outputs_by_id(self, check: scheme.Check, case_id: str, mistake_id: str) -> dict:
        return self._load(f"mistakes-{check.part}").get(
            f"{mistake_id}/{check.job_key(case_id)}", {}
        )

    def mistake_outputs(self, check: scheme.Check, case_id: str) -> list:
        """[(Mistake, arrays)] for every mistake that ran cleanly on this job."""
        grouped = self._load(f"mistakes-{check.part}")
        key = check.job_key(case_id)
        found = []
        for mistake_id, mistake in sorted(self.mistakes.items()):
            arrays = grouped.get(f"{mistake_id}/{key}")
            if arrays is not None and mistake.part == check.part:
                found.append((mistake, arrays))
        return found
