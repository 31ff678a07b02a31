"""Submission intake: copy only the expected student files into a fresh folder.

A student's `conftest.py`, `numpy.py` or `autograder/` is never copied, so it shadows nothing.
Files are found at any depth (a zip of a folder is a common mistake; the walk stops at MAX_DEPTH),
a name that differs only in case (`Dp.py`) is graded with a note, symlinks are ignored, and a
file over the size cap is refused with a message. File names are the student's to choose (a newline,
a backtick, `<div>`): the summary shows each one through `text.inline`, as text.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from autograder.grade.text import inline

MAX_FILE_BYTES = 1024 * 1024
# A submission is walked without recursion, to this depth and this many entries: a deep or huge
# upload costs the walk a bounded time and cannot crash the grader.
MAX_DEPTH = 12
MAX_ENTRIES = 20_000
IGNORED_DIRS = {"__MACOSX", "__pycache__", ".git", ".ipynb_checkpoints"}


@dataclasses.dataclass
class IntakeReport:
    found: dict  # file name -> path inside the submission
    missing: list
    extra: list  # other files, ignored
    refused: dict  # file name -> reason
    renamed: dict = dataclasses.field(default_factory=dict)  # expected name -> name as uploaded

    def summary(self) -> str:
        lines = []
        if self.found:
            lines.append(
                "Graded files: "
                + ", ".join(
                    inline(name)
                    + (f" (found at {inline(path, keep='tail')})" if path != name else "")
                    for name, path in sorted(self.found.items())
                )
            )
        if self.missing:
            lines.append(
                "Missing (those parts score 0): " + ", ".join(inline(name) for name in self.missing)
            )
        for name, uploaded in sorted(self.renamed.items()):
            lines.append(
                f"{inline(uploaded, keep='tail')} was graded as {inline(name)}: file "
                f"names are case-sensitive, so name it exactly {inline(name)}"
            )
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
    by_lower = {name.lower(): name for name in expected}
    renamed = {}
    stack, seen = [(submission, 0)], 0
    while stack and seen < MAX_ENTRIES:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            seen += 1
            relative = Path(entry.path).relative_to(submission).as_posix()
            if entry.is_dir(follow_symlinks=False):
                if (
                    entry.name not in IGNORED_DIRS
                    and not entry.name.startswith(".")
                    and depth < MAX_DEPTH
                ):
                    stack.append((Path(entry.path), depth + 1))
            elif entry.is_file(follow_symlinks=False) and entry.name in candidates:
                candidates[entry.name].append(relative)
            elif (
                entry.is_file(follow_symlinks=False)
                and entry.name.lower() in by_lower
                and not candidates[by_lower[entry.name.lower()]]
            ):
                # `Dp.py`: graded as dp.py, with a note (only when no exact name is there)
                renamed.setdefault(by_lower[entry.name.lower()], relative)
            else:
                extra.append(relative)
    for name, relative in list(renamed.items()):
        if candidates[name]:
            extra.append(relative)
            del renamed[name]
        else:
            candidates[name].append(relative)
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
            refused[name] = (
                f"{size} bytes is over the {MAX_FILE_BYTES // 1024} KiB limit; "
                "submit only your code, no data or outputs"
            )
            missing.append(name)
            continue
        (destination / name).write_bytes(chosen.read_bytes())
        (destination / name).chmod(0o644)
        found[name] = paths[0]
    return IntakeReport(
        found,
        missing,
        sorted(extra),
        refused,
        {name: path for name, path in renamed.items() if name in found},
    )
