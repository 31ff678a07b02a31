"""Submission intake: copy only the expected student files into a fresh folder.

A student's `conftest.py`, `numpy.py` or `autograder/` is never copied, so it shadows nothing.
Files are found at any depth (a zip of a folder is a common mistake), symlinks are ignored, and a
file over the size cap is refused with a message. File names are the student's to choose (a newline,
a backtick, `<div>`): the summary shows each one through `text.inline`, as text.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from autograder.grade.text import inline

MAX_FILE_BYTES = 1024 * 1024
IGNORED_DIRS = {"__MACOSX", "__pycache__", ".git", ".ipynb_checkpoints"}


@dataclasses.dataclass
class IntakeReport:
    found: dict  # file name -> path inside the submission
    missing: list
    extra: list  # other files, ignored
    refused: dict  # file name -> reason

    def summary(self) -> str:
        lines = []
        if self.found:
            lines.append("Graded files: " + ", ".join(
                inline(name) + (f" (found at {inline(path, keep='tail')})" if path != name else "")
                for name, path in sorted(self.found.items())))
        if self.missing:
            lines.append("Missing (those parts score 0): "
                         + ", ".join(inline(name) for name in self.missing))
        for name, reason in sorted(self.refused.items()):
            lines.append(f"Refused {inline(name)}: {reason}")
        if self.extra:
            shown = ", ".join(inline(p, keep="tail") for p in self.extra[:10])
            more = f" and {len(self.extra) - 10} more" if len(self.extra) > 10 else ""
            lines.append(f"Ignored (not part of the assignment): {shown}{more}")
        return "\n".join(f"- {line}" for line in lines)


def intake(submission: Path, destination: Path, expected: list) -> IntakeReport:
    submission = Path(submission)
    candidates: dict = {name: [] for name in expected}
    extra = []
    for folder, dirs, files in os.walk(submission, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            relative = path.relative_to(submission).as_posix()
            if name in candidates and not path.is_symlink() and path.is_file():
                candidates[name].append(relative)
            else:
                extra.append(relative)
    destination.mkdir(parents=True, exist_ok=True)
    found, refused, missing = {}, {}, []
    for name, paths in candidates.items():
        if not paths:
            missing.append(name)
            continue
        # The shallowest copy wins (a stray backup in a subfolder does not).
        paths.sort(key=lambda p: (p.count("/"), p))
        chosen = submission / paths[0]
        extra.extend(paths[1:])
        size = chosen.stat().st_size
        if size > MAX_FILE_BYTES:
            refused[name] = (f"{size} bytes is over the {MAX_FILE_BYTES // 1024} KiB limit; "
                             "submit only your code, no data or outputs")
            missing.append(name)
            continue
        (destination / name).write_bytes(chosen.read_bytes())
        (destination / name).chmod(0o644)
        found[name] = paths[0]
    return IntakeReport(found, missing, sorted(extra), refused)
