"""Expected outputs as data: the probes run once on `solutions/` and on every known mistake.

`build()` runs when the autograder zip is built (or when `make grade` finds the data stale); the
zip then carries only `expected/*.npz` and `expected/mistakes.json`, no solution code and no
mistake code. Grading-time work is the submission's own.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from autograder import scheme
from autograder.build import reference, variants
from autograder.grade.expected_data import Mistake
from autograder.sandbox import run as runner

REPO = runner.REPO
BANK_FIELDS = ("PART", "NAME", "EXPLANATION", "CAUGHT_BY")
# Every input of the build: the reference, the environments, the probes and the worker that run
# it, the oracles, the mistake bank, the scheme (cases, jobs), this module, and the pinned
# libraries. Grade-time code (autograder/grade) does not change the data.
SOURCES = [
    "solutions",
    "envs",
    "autograder/__init__.py",
    "autograder/scheme.py",
    "autograder/sandbox",
    "autograder/build",
    "autograder/grade/__init__.py",
    "autograder/grade/expected_data.py",
    "requirements.txt",
]


def source_files(repo: Path = REPO) -> list[Path]:
    """The files the expected data depends on (SOURCES, expanded), in a fixed order."""
    found = []
    for name in SOURCES:
        root = repo / name
        if root.is_file():
            found.append(root)
        elif root.exists():
            found += sorted(
                p
                for p in root.rglob("*")
                if p.is_file() and p.suffix in (".py", ".txt") and "__pycache__" not in p.parts
            )
    return found


def fingerprint(repo: Path = REPO) -> str:
    digest = hashlib.sha256()
    for path in source_files(repo):
        digest.update(str(path.relative_to(repo)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# The sources as this process loaded them: a build records this, not the files' state at the end
# of the build, so a process with stale code in memory never stamps its output as fresh.
LOADED_FINGERPRINT = fingerprint()


def load_mistakes(part: str | None = None) -> list[Mistake]:
    """The mistake bank's metadata, read from autograder/build/mistakes/<part>_<slug>.py."""
    return [
        Mistake(v.id, v.part, v.name, v.meta["EXPLANATION"], tuple(v.meta["CAUGHT_BY"]))
        for v in variants.load("mistakes", part, required=BANK_FIELDS)
    ]


def variant_source(mistake_id: str) -> str:
    """The reference module with the mistake's definitions appended (they win at call time)."""
    return variants.source(variants.by_id("mistakes")[mistake_id])


def load_mistakes_by_id() -> dict:
    return {m.id: m for m in load_mistakes()}


def write_variant(mistake_id: str, folder: Path) -> Path:
    """A module folder holding the mistake's variant of its part's file."""
    mistake = load_mistakes_by_id()[mistake_id]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / scheme.PARTS[mistake.part].file).write_text(variant_source(mistake_id))
    return folder


# Variants of one part run by one worker, one after the other: its start (torch's import, a
# few CPU seconds) is paid once per batch instead of once per variant; batches run in parallel.
BATCH_SIZE = 6
# The build keeps every case's CPU clock but stretches its wall-clock backstop: on a busy machine
# (a build beside other work) the reference's training must not time out for want of a core,
# and no variant of ours waits without computing.
BUILD_WALL_FACTOR = 10


def batches(parts: list, mistakes: list) -> list:
    """[(part, [mistake or None for the reference, ...])]: each part's variants in batches of
    at most BATCH_SIZE, the parts that load torch first (their batches cost the most), so that
    the last batch to start is a short one."""
    found = []
    for part in sorted(parts, key=lambda name: not scheme.PARTS[name].preload_torch):
        variants = [None] + [m for m in mistakes if m.part == part]
        for start in range(0, len(variants), BATCH_SIZE):
            found.append((part, variants[start : start + BATCH_SIZE]))
    return found


def build(out_dir: Path, *, parts=None, log=print, workers: int | None = None) -> None:
    """Run the probes on the reference and on every mistake; store the arrays as data.

    The variants run in batches (one worker each), `workers` batches at a time (the machine's
    cores by default); a line of progress per finished variant."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = list(parts or scheme.PARTS)
    mistakes = [m for m in load_mistakes() if m.part in parts]
    total = len(parts) + len(mistakes)
    with tempfile.TemporaryDirectory(prefix="rlhw-expected-") as tmp:
        work = Path(tmp)

        def run_batch(number, batch):
            part, members = batch
            variants = {}
            for mistake in members:
                if mistake is None:
                    variants["reference"] = (REPO / "solutions", scheme.jobs(part, reference=True))
                else:
                    # Run the mistake wherever it could be recognised, not only where it is
                    # caught; a learning check cannot recognise one, so it runs only where it
                    # should catch.
                    folder = write_variant(mistake.id, work / "variants" / mistake.id)
                    variants[mistake.id] = (folder, mistake_jobs(mistake))
            return reference.run_trusted_batch(
                part, variants, work / f"batch-{number}", wall_factor=BUILD_WALL_FACTOR
            )

        done = {}
        with concurrent.futures.ThreadPoolExecutor(workers or os.cpu_count() or 1) as pool:
            futures = {
                pool.submit(run_batch, number, batch): batch
                for number, batch in enumerate(batches(parts, mistakes))
            }
            count = 0
            for future in concurrent.futures.as_completed(futures):
                part, members = futures[future]
                outcomes = future.result()
                for mistake in members:
                    count += 1
                    name = mistake.id if mistake else "reference"
                    done[(part, mistake)] = outcomes[name]
                    log(f"[{count}/{total}] {part}: {name}")
    for part in parts:
        outcomes = done[(part, None)]
        broken = {k: o for k, o in outcomes.items() if not o.ok}
        if broken:
            key, outcome = next(iter(broken.items()))
            raise RuntimeError(
                f"the reference fails its own probe {part}/{key}: "
                f"{outcome.kind}: {outcome.message} {outcome.detail}"
            )
        _save(out_dir / f"{part}.npz", {k: {**o.arrays, **o.trusted} for k, o in outcomes.items()})
        arrays = {}
        for mistake in (m for m in mistakes if m.part == part):
            for key, outcome in done[(part, mistake)].items():
                if outcome.ok:
                    arrays[f"{mistake.id}/{key}"] = {**outcome.arrays, **outcome.trusted}
        _save(out_dir / f"mistakes-{part}.npz", arrays)
    meta = {m.id: dataclasses.asdict(m) for m in load_mistakes() if m.part in parts}
    (out_dir / "mistakes.json").write_text(json.dumps(meta, indent=1, sort_keys=True))
    (out_dir / "fingerprint").write_text(LOADED_FINGERPRINT)


def mistake_jobs(mistake: Mistake) -> list[dict]:
    """The jobs a mistake's variant runs when the data is built."""
    skipped = {
        check.job_key(case_id)
        for check in scheme.checks_of(mistake.part)
        if check.learning and check.id not in mistake.caught_by
        for case_id in check.cases
    }
    return [job for job in scheme.jobs(mistake.part, reference=True) if job["key"] not in skipped]


def _save(path: Path, groups: dict) -> None:
    flat = {
        f"{key}/{name}": array for key, arrays in groups.items() for name, array in arrays.items()
    }
    with open(path, "wb") as handle:
        np.savez_compressed(handle, **flat)


def is_fresh(out_dir: Path) -> bool:
    stamp = Path(out_dir) / "fingerprint"
    return stamp.exists() and stamp.read_text() == LOADED_FINGERPRINT


def ensure(out_dir: Path, log=print) -> Path:
    """Rebuild the expected data when any source it depends on changed.

    Builds into a fresh folder and swaps it in under a lock, so that concurrent graders never
    see half a build.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(out_dir.parent / f".{out_dir.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_fresh(out_dir):
            fresh = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
            build(fresh, log=log)
            stale = out_dir.parent / f".{out_dir.name}-stale"
            if out_dir.exists():
                shutil.rmtree(stale, ignore_errors=True)
                out_dir.rename(stale)
            fresh.chmod(0o755)
            fresh.rename(out_dir)
            shutil.rmtree(stale, ignore_errors=True)
    return out_dir


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "build" / "expected"
    ensure(target)
