"""Variants of the reference, as files: one home and one format for every kind.

- `autograder/build/mistakes/`: the mistake bank (known mistakes, named in feedback; the build
  runs them);
- `tests/variants/correct/`: correct alternatives written differently from the reference (they
  must score full marks: tests/grading/test_correct_alternatives.py, and pass the learning
  checks on any seed: benchmarks/validate_thresholds.py);
- `tests/variants/unnamed/`: mistakes the bank does not list, each with CAUGHT_BY: those only a
  learning check catches (nothing can name them; the threshold validation proves the checks
  catch them), and those that prove what a student is told without the bank: PROPERTY (the
  violated property's id it must get), TOLD (words the feedback of its CAUGHT_BY checks must
  contain: tests/grading/test_told.py), NAMED_AS (the one bank entry whose explanation covers
  it) or PUBLIC (words of the public test that warns first);
- `benchmarks/heldout/` (and its `correct/`): mistakes and alternatives written from what a
  student sees only, kept apart from the rest to measure how well grading diagnoses what it has
  never seen (`make diagnosis`).

A variant is a file `<part>_<slug>.py`. Its upper-case assignments are its metadata, read
without running it: PART and NAME always (a known mistake also EXPLANATION and CAUGHT_BY), and
optionally
- BASE: what its code is appended to: "reference" (the default: `solutions/<file>`), another
  variant of the same folder by id, or None (the file is the whole module);
- SUBSTITUTE: [(old, new), ...], exact replacements in the base's text, each `old` found exactly
  once: a small declared change instead of a copy of the function it changes;
- CHECKS (correct alternatives): the checks a focused test proves it on, for an alternative of
  one function; without it the alternative is graded whole, on every check of its part.
Definitions appended to a module win at call time, also where the base's own functions call
them. No `from __future__` import in an appended file (it must stay at the top of a module).
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from autograder import scheme

REPO = Path(__file__).resolve().parents[2]
FOLDERS = {
    "mistakes": REPO / "autograder" / "build" / "mistakes",
    "correct": REPO / "tests" / "variants" / "correct",
    "unnamed": REPO / "tests" / "variants" / "unnamed",
    # kept apart, written from what a student sees, to measure diagnosis (make diagnosis)
    "heldout": REPO / "benchmarks" / "heldout",
    "heldout_correct": REPO / "benchmarks" / "heldout" / "correct",
}
LABELS = {
    "mistakes": "known mistake",
    "correct": "correct alternative",
    "unnamed": "mistake",
    "heldout": "held-out mistake",
    "heldout_correct": "held-out correct alternative",
}


@dataclasses.dataclass(frozen=True)
class Variant:
    id: str  # the file's stem
    kind: str  # a key of FOLDERS
    path: Path
    meta: dict

    @property
    def part(self) -> str:
        return self.meta["PART"]

    @property
    def name(self) -> str:
        return self.meta["NAME"]


def metadata(path: Path, required=("PART", "NAME")) -> dict:
    """A variant file's upper-case literal assignments, read without running the file."""
    fields = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = getattr(node.targets[0], "id", None)
            if name and name.isupper():
                try:
                    fields[name] = ast.literal_eval(node.value)
                except ValueError:
                    continue  # not metadata (e.g. a module constant of the variant's code)
    missing = set(required) - set(fields)
    if missing:
        raise ValueError(f"{path.name} does not set {', '.join(sorted(missing))}")
    if fields["PART"] not in scheme.PARTS:
        raise ValueError(f"{path.name}: PART {fields['PART']!r} is not a part of the scheme")
    return fields


def load(kind: str, part: str | None = None, required=("PART", "NAME")) -> list[Variant]:
    """The variants of one kind (a key of FOLDERS), by id; of one part if given."""
    found = []
    for path in sorted(FOLDERS[kind].glob("*.py")):
        if path.name.startswith("_"):
            continue
        variant = Variant(path.stem, kind, path, metadata(path, required))
        if part is None or variant.part == part:
            found.append(variant)
    return found


def by_id(kind: str) -> dict:
    return {variant.id: variant for variant in load(kind)}


def end_to_end(variant: Variant) -> bool:
    """A correct alternative graded whole (test_correct_alternatives, make diagnosis, the
    threshold validation), not only by the focused test its CHECKS name."""
    return "CHECKS" not in variant.meta


def proven_on(variant: Variant, check_id: str) -> bool:
    """Whether a correct alternative must pass `check_id` (its CHECKS, or its part's checks)."""
    default = [check.id for check in scheme.checks_of(variant.part)]
    return check_id in variant.meta.get("CHECKS", default)


def reference_source(part: str) -> str:
    return (REPO / "solutions" / scheme.PARTS[part].file).read_text()


def source(variant: Variant) -> str:
    """The variant's whole module: its base with the substitutions made and its code appended."""
    text = variant.path.read_text()
    base = variant.meta.get("BASE", "reference")
    if base is None:
        return text
    if base == "reference":
        base_text = reference_source(variant.part)
    else:
        base_text = source(by_id(variant.kind)[base])
    for old, new in variant.meta.get("SUBSTITUTE", ()):
        count = base_text.count(old)
        if count != 1:
            raise ValueError(f"{variant.path.name}: {old!r} occurs {count} times in its base")
        base_text = base_text.replace(old, new)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("from __future__"))
    return f"{base_text}\n\n# ---- {LABELS[variant.kind]}: {variant.id} ----\n{body}\n"
