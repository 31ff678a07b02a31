"""What goes into Gradescope's autograder zip, staged as a folder and zipped.

The zip holds `setup.sh` and `run_autograder` at its root, the grader, the environments, the
hidden tests and the expected outputs as data. No solution code and no mistake code: the mistake
bank's outputs travel as data in `expected/`.

    python -m autograder.build.package autograder   -> dist/autograder.zip
    python -m autograder.build.package handout      -> dist/handout.zip
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

from autograder import scheme
from autograder.build import expected

REPO = Path(__file__).resolve().parents[2]
EXPECTED_CACHE = REPO / "build" / "expected"
# What the zip holds, as an allow-list: the trusted grade-time grader, the boundary, the scheme.
# Build-time code (expected data, oracles, the mistake bank, these zips) and the instructor's
# local commands stay home.
ZIPPED = [
    "autograder/__init__.py",
    "autograder/scheme.py",
    "autograder/setup.sh",
    "autograder/run_autograder",
    "autograder/sandbox",
    "autograder/grade/properties",
    "envs",
    "tests/hidden",
    "requirements.txt",
    *(
        f"autograder/grade/{name}.py"
        for name in (
            "__init__",
            "main",
            "intake",
            "session",
            "expected_data",
            "verdicts",
            "feedback",
            "text",
            "outputs",
            "plugin",
            "results",
            "one_cpu",
        )
    ),
]
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def stage_autograder(destination: Path, *, log=print) -> Path:
    """Lay out the zip's contents in destination (it becomes /autograder/source)."""
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    for name in ("setup.sh", "run_autograder"):  # Gradescope wants them at the zip's root
        shutil.copy2(REPO / "autograder" / name, destination / name)
    for name in ZIPPED:
        source, target = REPO / name, destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=IGNORE)
        else:
            shutil.copy2(source, target)
    shutil.copytree(expected.ensure(EXPECTED_CACHE, log=log), destination / "expected")
    return destination


def stage_handout(destination: Path) -> Path:
    """What students get: the stubs, their Makefile and README, envs/ and tests/public/."""
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(REPO / "starter", destination, ignore=IGNORE)
    shutil.copytree(REPO / "envs", destination / "envs", ignore=IGNORE)
    shutil.copytree(REPO / "tests" / "public", destination / "tests" / "public", ignore=IGNORE)
    readme = destination / "README.md"
    readme.write_text(fill_points(readme.read_text()))
    # The student contract, from the scheme: what `make submit` checks each file defines.
    (destination / "tools" / "contract.json").write_text(
        json.dumps(scheme.contract(), indent=1) + "\n"
    )
    return destination


def fill_points(text: str) -> str:
    """Put the grading scheme's points table between the README's points markers."""
    start, end = "<!-- points-table:start -->", "<!-- points-table:end -->"
    if start not in text:
        return text
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{scheme.points_table()}\n{end}{tail}"


def build_handout_zip(log=print) -> Path:
    staged = stage_handout(REPO / "build" / "handout")
    archive = zip_folder(staged, REPO / "dist" / "handout.zip")
    log(f"wrote {archive.relative_to(REPO)} ({archive.stat().st_size / 1024:.0f} KiB)")
    return archive


def zip_folder(folder: Path, archive: Path) -> Path:
    """A deterministic zip of folder's contents (not of the folder itself), modes kept."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(folder.rglob("*")):
            if path.is_dir():
                continue
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), (2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, path.read_bytes())
    return archive


def build_autograder_zip(log=print) -> Path:
    staged = stage_autograder(REPO / "build" / "autograder", log=log)
    archive = zip_folder(staged, REPO / "dist" / "autograder.zip")
    log(f"wrote {archive.relative_to(REPO)} ({archive.stat().st_size / 1024:.0f} KiB)")
    return archive


if __name__ == "__main__":
    {"autograder": build_autograder_zip, "handout": build_handout_zip}[sys.argv[1]]()
    sys.exit(0)
