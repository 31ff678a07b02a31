"""`make diagnosis`: how well grading catches and names mistakes it has never seen (issue 16).

    python benchmarks/diagnosis.py [--bank] [--alternatives] [--no-heldout] [--only TEXT] [--jobs 2]
                                   [--json results/diagnosis.json] [--quiet]

Every variant is graded through the real path of `make grade` (autograder/grade/local.py:
run_autograder in a staged /autograder-like folder, the sandbox, results.json), in a submission
folder holding only its part's file (the other parts are missing: they score 0, fast, and are
not counted). From each results.json, for the tests of the variant's part only:

- caught: the part lost points;
- named by bank: a test carries known mistake ids (extra_data["mistakes"]);
- named by property: a test carries violated property ids (extra_data["properties"],
  "<function>.<slug>");
- named right / wrongly named: whether a name points at a function the variant really breaks
  (its BROKEN). A property's function is its id without the last dotted part; a bank mistake's
  functions are those of the checks in its CAUGHT_BY (the check title's "<function>:" prefix).
  "ReplayBuffer.sample" counts as "ReplayBuffer", the contract's name;
- a correct variant is falsely diagnosed when its part loses a point or anything is named.

The variants:
- benchmarks/heldout/<part>_<slug>.py (always): mistakes written from what a student sees (the
  stubs' docstrings, the README, the lecture) without looking at the bank, the verdicts or the
  properties, so that they measure generalisation. Module-level PART, NAME, BROKEN (the contract
  names whose docstring clause it breaks), CLAUSE (that clause in the docstring's words), then
  definitions appended to the reference module of the part (they win at call time, as in the
  mistake bank). benchmarks/heldout/correct/ holds correct alternatives (BROKEN = ()).
- --bank: the mistake bank (autograder/build/mistakes), BROKEN taken from its CAUGHT_BY.
- --alternatives: the correct alternatives of tests/grading/test_correct_alternatives.py.

Prints a progress line per variant, then a table per set; writes every row and the tables'
figures to results/diagnosis.json. Two gradings at a time by default (--jobs).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder import scheme  # noqa: E402
from autograder.build import variants as variant_files  # noqa: E402

RESULTS = REPO / "results"
FIELDS = ("PART", "NAME", "BROKEN", "CLAUSE")


@dataclass
class Variant:
    """One submission to grade: its files, and per part what it breaks (empty: correct)."""

    set: str  # "held-out", "held-out correct", "bank", "alternatives"
    id: str
    files: dict  # student file name -> source
    broken: dict  # part -> tuple of contract names it breaks; () for a correct part
    name: str = ""
    clause: str = ""

    @property
    def correct(self) -> bool:
        return not any(self.broken.values())


@dataclass
class Row:
    """The verdict on one part of one variant."""

    set: str
    variant: str
    part: str
    broken: tuple
    points: float = 0.0
    max_points: float = 0.0
    bank: list = field(default_factory=list)
    properties: list = field(default_factory=list)
    right: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""

    @property
    def correct(self) -> bool:
        return not self.broken

    @property
    def caught(self) -> bool:
        return bool(self.error) or self.points < self.max_points - 1e-9

    @property
    def named(self) -> bool:
        return bool(self.bank or self.properties)

    @property
    def false_diagnosis(self) -> bool:
        return self.correct and (self.caught or self.named)

    def as_json(self) -> dict:
        return {
            **{k: v for k, v in self.__dict__.items()},
            "broken": list(self.broken),
            "caught": self.caught,
            "false_diagnosis": self.false_diagnosis,
        }


# ---- what a name points at --------------------------------------------------------------------


def contract_name(function: str) -> str:
    """ "ReplayBuffer.sample" -> "ReplayBuffer": the contract lists classes, not methods."""
    return function.strip().split(".")[0]


def check_function(check_id: str) -> str:
    """The contract name a check is about: its title reads "<function>: what it checks"."""
    return contract_name(scheme.check(check_id).title.split(":")[0])


def property_function(property_id: str) -> str:
    """A property id is "<function>.<slug>"; the function may itself be dotted (a method)."""
    return contract_name(property_id.rsplit(".", 1)[0])


def bank_functions() -> dict:
    """{mistake id: the contract names of the checks that catch it} for the whole bank."""
    from autograder.build import expected

    return {
        m.id: tuple(sorted({check_function(c) for c in m.caught_by}))
        for m in expected.load_mistakes()
    }


def test_part(test: dict) -> str | None:
    """The part a results.json test belongs to: its check id tag "<part>.<probe>", else the
    function before the colon of its name."""
    for tag in test.get("tags") or []:
        part = str(tag).split(".")[0]
        if "." in str(tag) and part in scheme.PARTS:
            return part
    function = contract_name(str(test.get("name", "")).split(":")[0])
    for file, names in scheme.contract().items():
        if function in names:
            return file.removesuffix(".py")
    return None


def classify(
    results: dict, set_name: str, variant: str, part: str, broken: tuple, mistake_functions: dict
) -> Row:
    """The row of one part of one graded variant, from its results.json alone."""
    row = Row(set_name, variant, part, tuple(broken))
    tests = [t for t in results.get("tests") or [] if test_part(t) == part]
    if not tests:
        row.error = "no test of this part in results.json: " + str(results.get("output", ""))[:200]
        return row
    for test in tests:
        row.points += float(test.get("score") or 0.0)
        row.max_points += float(test.get("max_score") or 0.0)
        extra = test.get("extra_data") or {}
        for mistake in extra.get("mistakes") or []:
            if mistake not in row.bank:
                row.bank.append(mistake)
        for prop in extra.get("properties") or []:
            if prop not in row.properties:
                row.properties.append(prop)
    for mistake in row.bank:
        functions = set(mistake_functions.get(mistake, ()))
        (row.right if functions & set(broken) else row.wrong).append(mistake)
    for prop in row.properties:
        (row.right if property_function(prop) in broken else row.wrong).append(prop)
    return row


# ---- the variants -----------------------------------------------------------------------------


def heldout_variants() -> list[Variant]:
    """The held-out mistakes and correct alternatives (benchmarks/heldout, in the format of
    every variant: autograder/build/variants.py)."""
    found = []
    for kind, set_name in (("heldout", "held-out"), ("heldout_correct", "held-out correct")):
        for v in variant_files.load(kind):
            found.append(
                Variant(
                    set_name,
                    v.id,
                    {scheme.PARTS[v.part].file: variant_files.source(v)},
                    {v.part: tuple(v.meta.get("BROKEN", ()))},
                    v.name,
                    v.meta.get("CLAUSE", ""),
                )
            )
    return found


def bank_variants(functions: dict) -> list[Variant]:
    from autograder.build import expected

    return [
        Variant(
            "bank",
            m.id,
            {scheme.PARTS[m.part].file: expected.variant_source(m.id)},
            {m.part: functions[m.id]},
            m.name,
        )
        for m in expected.load_mistakes()
    ]


def alternative_variants() -> list[Variant]:
    """The correct alternatives of tests/variants/correct, one part file each."""
    return [
        Variant(
            "alternatives",
            v.id,
            {scheme.PARTS[v.part].file: variant_files.source(v)},
            {v.part: ()},
            v.name,
        )
        for v in variant_files.load("correct")
        if variant_files.end_to_end(v)
    ]


# ---- grading ----------------------------------------------------------------------------------


def grade_variant(variant: Variant, logs: Path) -> tuple[dict, float]:
    """results.json of the variant's files graded as `make grade` does, and the wall seconds.
    The grader's output goes to logs/<set>--<id>.log, its results.json next to it."""
    from autograder.grade import local

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rlhw-diagnosis-") as tmp:
        folder = Path(tmp) / "submission"
        folder.mkdir()
        for name, text in variant.files.items():
            (folder / name).write_text(text)
        stem = f"{variant.set.replace(' ', '-')}--{variant.id}"
        results = local.grade(folder, log=lambda *_: None, output=logs / f"{stem}.log")
    (logs / f"{stem}.results.json").write_text(json.dumps(results, indent=1))
    return results, time.monotonic() - started


def run(
    variants: list[Variant], mistake_functions: dict, *, jobs: int, logs: Path, say=print
) -> list[Row]:
    """Grade every variant, `jobs` at a time; a progress line per variant as it finishes."""
    rows, lock, done = [], threading.Lock(), [0]

    def one(variant: Variant) -> list[Row]:
        try:
            results, seconds = grade_variant(variant, logs)
        except Exception as error:  # a grading that breaks is reported, the others go on
            results, seconds = {"tests": [], "output": f"{type(error).__name__}: {error}"}, 0.0
        out = []
        for part, broken in variant.broken.items():
            row = classify(results, variant.set, variant.id, part, broken, mistake_functions)
            row.seconds = round(seconds, 1)
            out.append(row)
        return out

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(one, v) for v in variants]
        for future in as_completed(futures):
            got = future.result()
            with lock:
                rows.extend(got)
                done[0] += 1
                for row in got:
                    say(f"[{done[0]}/{len(variants)}] {progress_line(row)}")
    order = {(v.set, v.id): i for i, v in enumerate(variants)}
    return sorted(rows, key=lambda r: (order[(r.set, r.variant)], r.part))


def progress_line(row: Row) -> str:
    verdict = (
        f"error: {row.error[:80]}"
        if row.error
        else f"{row.points:.2f}/{row.max_points:.2f}"
        + ("" if row.caught else (" full marks" if row.correct else " NOT CAUGHT"))
    )
    names = "; ".join([f"bank {m}" for m in row.bank] + [f"property {p}" for p in row.properties])
    wrong = f"  WRONG: {', '.join(row.wrong)}" if row.wrong and not row.correct else ""
    return (
        f"{row.set} {row.variant} [{row.part}]: {verdict}"
        + (f"; named: {names}" if names else "")
        + wrong
        + f" ({row.seconds:.0f} s)"
    )


# ---- the tables -------------------------------------------------------------------------------


def summary(rows: list[Row]) -> dict:
    """Per set, per part (and in total): the counts of the tables."""
    out = {}
    for set_name in dict.fromkeys(r.set for r in rows):
        in_set = [r for r in rows if r.set == set_name]
        parts = {}
        for part in [*scheme.PARTS, "total"]:
            mine = in_set if part == "total" else [r for r in in_set if r.part == part]
            if not mine:
                continue
            mistakes = [r for r in mine if not r.correct]
            correct = [r for r in mine if r.correct]
            parts[part] = {
                "mistakes": len(mistakes),
                "caught": sum(r.caught for r in mistakes),
                "named_by_bank": sum(bool(r.bank) for r in mistakes),
                "named_by_property": sum(bool(r.properties) for r in mistakes),
                "named_right": sum(bool(r.right) for r in mistakes),
                "wrongly_named": sum(bool(r.wrong) for r in mistakes),
                "correct": len(correct),
                "correct_full_marks": sum(not r.caught for r in correct),
                "false_diagnoses": sum(r.false_diagnosis for r in correct),
            }
        out[set_name] = parts
    return out


def tables(figures: dict) -> str:
    """Markdown tables: mistakes (caught, named ...) and correct variants, per set and part."""
    lines = []
    for set_name, parts in figures.items():
        if any(p["mistakes"] for p in parts.values()):
            lines += [
                f"{set_name}: mistakes",
                "",
                "| part | variants | caught | named by bank | named by property | named right "
                "| wrongly named |",
                "| --- | --- | --- | --- | --- | --- | --- |",
            ]
            for part, f in parts.items():
                if f["mistakes"]:
                    lines.append(
                        f"| {part} | {f['mistakes']} | {f['caught']} | {f['named_by_bank']} "
                        f"| {f['named_by_property']} | {f['named_right']} | {f['wrongly_named']} |"
                    )
            lines.append("")
        if any(p["correct"] for p in parts.values()):
            lines += [
                f"{set_name}: correct variants",
                "",
                "| part | variants | full marks | false diagnoses (a lost point or any name) |",
                "| --- | --- | --- | --- |",
            ]
            for part, f in parts.items():
                if f["correct"]:
                    lines.append(
                        f"| {part} | {f['correct']} | {f['correct_full_marks']} "
                        f"| {f['false_diagnoses']} |"
                    )
            lines.append("")
    return "\n".join(lines)


def details(rows: list[Row]) -> str:
    """The rows worth a look: mistakes not caught, wrong names, false diagnoses."""
    lines = []
    for row in rows:
        if not row.correct and not row.caught:
            lines.append(f"not caught: {row.set} {row.variant}")
        if not row.correct and row.wrong:
            lines.append(
                f"wrongly named: {row.set} {row.variant} (breaks {', '.join(row.broken)}): "
                f"{', '.join(row.wrong)}"
            )
        if row.false_diagnosis:
            what = ", ".join(row.bank + row.properties) or "no name"
            lines.append(
                f"false diagnosis: {row.set} {row.variant} [{row.part}] "
                f"{row.points:.2f}/{row.max_points:.2f}; {what}"
            )
    return "\n".join(lines)


def venv_through_symlink() -> Path | None:
    """The real venv's interpreter when this one runs from a symlinked venv (a git worktree's
    .venv pointing at the main checkout's): the sandbox binds back only the venv's real path, so
    an interpreter path through the symlink would not exist in there."""
    real = Path(os.path.realpath(sys.prefix))
    if sys.prefix == sys.base_prefix or str(real) == sys.prefix:
        return None
    python = real / "bin" / Path(sys.executable).name
    return python if python.exists() else None


def main(argv=None) -> int:
    real_python = venv_through_symlink()
    if real_python is not None:
        os.execv(str(real_python), [str(real_python), __file__, *sys.argv[1:]])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bank", action="store_true", help="also the mistake bank's variants")
    parser.add_argument(
        "--alternatives",
        action="store_true",
        help="also the correct alternatives of tests/grading/test_correct_alternatives.py",
    )
    parser.add_argument(
        "--no-heldout", action="store_true", help="leave benchmarks/heldout out (with --bank ...)"
    )
    parser.add_argument("--only", default="", help="only variants whose id contains this text")
    parser.add_argument("--jobs", type=int, default=2, help="gradings at a time (default 2)")
    parser.add_argument("--json", type=Path, default=RESULTS / "diagnosis.json")
    parser.add_argument("--quiet", action="store_true", help="no progress lines, the tables only")
    args = parser.parse_args(argv)
    say = (lambda *_: None) if args.quiet else print

    from autograder.grade import local

    local.ensure_expected(say)  # once, before gradings run side by side
    functions = bank_functions()
    variants = [] if args.no_heldout else heldout_variants()
    if args.bank:
        variants += bank_variants(functions)
    if args.alternatives:
        variants += alternative_variants()
    variants = [v for v in variants if args.only in v.id]
    logs = RESULTS / "diagnosis-logs"
    logs.mkdir(parents=True, exist_ok=True)
    say(
        f"Grading {len(variants)} variants through run_autograder, {args.jobs} at a time; "
        f"the grader's output is in {logs.relative_to(REPO)}/."
    )
    started, cpu = time.monotonic(), os.times()
    rows = run(variants, functions, jobs=args.jobs, logs=logs, say=say)
    after = os.times()
    figures = summary(rows)
    print()
    print(tables(figures))
    notes = details(rows)
    if notes:
        print(notes)
    wall = time.monotonic() - started
    cpu_seconds = after.children_user + after.children_system
    cpu_seconds -= cpu.children_user + cpu.children_system
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "summary": figures,
                "rows": [r.as_json() for r in rows],
                "wall_seconds": round(wall, 1),
                "cpu_seconds": round(cpu_seconds, 1),
            },
            indent=2,
        )
    )
    print(
        f"\n{len(variants)} variants in {wall:.0f} s wall, {cpu_seconds:.0f} s CPU; "
        f"wrote {args.json.relative_to(REPO) if args.json.is_relative_to(REPO) else args.json}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
