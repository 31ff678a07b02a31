"""One home and one format for every variant of the reference (autograder/build/variants.py).

Cheap: nothing is graded here. What each kind must prove is proven elsewhere: the bank by
test_mistake_bank.py, the correct alternatives by test_correct_alternatives.py, the unnamed
mistakes by benchmarks/validate_thresholds.py.
"""

from __future__ import annotations

import pytest

from autograder import scheme
from autograder.build import expected, variants

ALL = [v for kind in variants.FOLDERS for v in variants.load(kind)]


@pytest.mark.parametrize("variant", ALL, ids=[f"{v.kind}/{v.id}" for v in ALL])
def test_every_variant_is_a_module_of_its_part(variant):
    assert variant.id.startswith(f"{variant.part}_"), "file names are <part>_<slug>.py"
    source = variants.source(variant)
    compile(source, variant.id, "exec")
    substitutions = variant.meta.get("SUBSTITUTE", [])
    if variant.meta.get("BASE", "reference") == "reference" and not substitutions:
        assert source.startswith(variants.reference_source(variant.part))
    for old, new in substitutions:
        assert old != new and (new in source or not new), f"{variant.id}: {old!r} not replaced"


def test_each_kind_says_what_its_kind_needs():
    for variant in variants.load("correct"):
        assert not {"CAUGHT_BY", "EXPLANATION", "TOLD", "PROPERTY", "PUBLIC", "NAMED_AS"} & set(
            variant.meta
        ), variant.id
        for check_id in variant.meta.get("CHECKS", []):
            assert scheme.check(check_id).part == variant.part, f"{variant.id}: {check_id}"
    for variant in variants.load("unnamed"):
        caught_by = variant.meta.get("CAUGHT_BY") or []
        assert caught_by, f"{variant.id}: which check catches it?"
        told = {"TOLD", "PROPERTY", "PUBLIC", "NAMED_AS"} & set(variant.meta)
        for check_id in caught_by:
            assert scheme.check(check_id).part == variant.part, f"{variant.id}: {check_id}"
            # a deterministic check could name it: without the bank, it must say what it is told
            assert scheme.check(check_id).learning or told, f"{variant.id}: {check_id} names it?"
    assert [v.id for v in variants.load("mistakes")] == [m.id for m in expected.load_mistakes()]


def test_a_substitution_must_match_exactly_once(tmp_path, monkeypatch):
    monkeypatch.setitem(variants.FOLDERS, "unnamed", tmp_path)
    (tmp_path / "td_twice.py").write_text(
        'PART = "td"\nNAME = "x"\nCAUGHT_BY = ["td.evaluate"]\nSUBSTITUTE = [("return", "pass")]\n'
    )
    (tmp_path / "td_never.py").write_text(
        'PART = "td"\nNAME = "x"\nCAUGHT_BY = ["td.evaluate"]\nSUBSTITUTE = [("no such", "")]\n'
    )
    twice, never = sorted(variants.load("unnamed"), key=lambda v: v.id, reverse=True)
    with pytest.raises(ValueError, match="occurs [0-9]+ times"):
        variants.source(twice)
    with pytest.raises(ValueError, match="occurs 0 times"):
        variants.source(never)


def test_a_variant_without_its_metadata_is_refused(tmp_path, monkeypatch):
    monkeypatch.setitem(variants.FOLDERS, "correct", tmp_path)
    (tmp_path / "td_nameless.py").write_text('PART = "td"\n')
    with pytest.raises(ValueError, match="does not set NAME"):
        variants.load("correct")
    (tmp_path / "td_nameless.py").write_text('PART = "sarsa"\nNAME = "x"\n')
    with pytest.raises(ValueError, match="not a part"):
        variants.load("correct")
