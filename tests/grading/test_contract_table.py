"""The contract table (autograder/contract.py) against the scheme and the mistake bank.

Every function and class the grader calls has clauses; every clause names the checks that fail
when it is broken and a proof that they do (a known mistake whose CAUGHT_BY shares a check: the
mistake bank test proves it loses points there and is named; or an existing test or attack), or
says why it is not proven yet, or is marked as a gap (no check watches it). Cheap: no build.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from autograder import contract, scheme
from autograder.build import expected, variants

HERE = Path(__file__).resolve().parent
MISTAKES = {m.id: m for m in expected.load_mistakes()}
UNNAMED = variants.by_id("unnamed")
CONTRACT = {name: part for part in scheme.PARTS.values() for name in part.contract}
CLAUSES = contract.CLAUSES
IDS = [f"{i:03d}-{c.function}" for i, c in enumerate(CLAUSES)]


def test_every_contract_function_and_class_has_a_clause():
    assert not [name for name in CONTRACT if not contract.clauses_of(name)]


def test_every_clause_belongs_to_the_contract_and_is_stated_once():
    assert not [c.function for c in CLAUSES if c.owner not in CONTRACT]
    texts = [(c.function, c.text) for c in CLAUSES]
    assert len(set(texts)) == len(texts), "a clause is listed twice"
    assert all(c.text.strip() for c in CLAUSES)


@pytest.mark.parametrize("clause", CLAUSES, ids=IDS)
def test_clause_names_existing_checks_of_its_part(clause):
    part = CONTRACT[clause.owner].name
    if clause.gap:
        assert not (clause.checks or clause.mistakes or clause.tests or clause.unproven), (
            "a gap has no check and no proof; a checked clause is not a gap"
        )
        return
    assert clause.checks, "a clause that is not a gap names the checks that fail when broken"
    for check_id in clause.checks:
        check = scheme.check(check_id)  # KeyError: no such check
        assert not check.reference_only, check_id
        assert check.part == part, (check_id, part)


@pytest.mark.parametrize(
    "clause",
    [c for c in CLAUSES if not c.gap],
    ids=[i for i, c in zip(IDS, CLAUSES, strict=True) if not c.gap],
)
def test_clause_is_proven_or_says_why_not(clause):
    assert clause.mistakes or clause.tests or clause.unproven, (
        "name a mistake that breaks the clause, a test that does, or why none can yet"
    )
    if clause.unproven:
        assert not clause.mistakes, "a clause with a breaking mistake is proven"
    for mistake_id in clause.mistakes:
        assert mistake_id in MISTAKES, f"no mistake {mistake_id!r} in the bank"
        shared = set(MISTAKES[mistake_id].caught_by) & set(clause.checks)
        assert shared, (
            f"{mistake_id} is caught by {MISTAKES[mistake_id].caught_by}, none of "
            f"the clause's checks {clause.checks}: the bank proves nothing here"
        )
    for proof in clause.tests:
        if proof.startswith("attacks/"):
            path = HERE / proof
            assert path.is_file(), proof
            header = path.read_text().splitlines()[:4]
            targets = {
                word.strip(" ,")
                for line in header
                if line.startswith(("# target:", "# breaks:"))
                for word in line.split(":", 1)[1].split(",")
            }
            assert clause.owner in targets, f"{proof} does not target {clause.owner}"
        elif proof.startswith("unnamed/"):
            variant = UNNAMED.get(proof.removeprefix("unnamed/"))
            assert variant is not None and "TOLD" in variant.meta, f"{proof}: no variant with TOLD"
            shared = set(variant.meta["CAUGHT_BY"]) & set(clause.checks)
            assert shared, f"{proof} is caught by none of the clause's checks {clause.checks}"
        else:
            file_name, test_name = proof.split("::")
            tree = ast.parse((HERE / file_name).read_text())
            names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
            assert test_name in names, f"no test {test_name} in {file_name}"


def test_every_known_mistake_is_in_the_table():
    used = {m for clause in CLAUSES for m in clause.mistakes}
    assert sorted(set(MISTAKES) - used) == [], "a known mistake breaks no clause of the table"


def test_the_table_size_and_its_gaps(capsys):
    size = contract.summary()
    with capsys.disabled():
        print(f"\ncontract table: {size}")
        for clause in contract.gaps():
            print(f"  gap: {clause.function}: {clause.text}")
    assert size["clauses"] >= 40
    assert size["clauses"] == (
        size["proven_by_mistakes"] + size["proven_by_tests"] + size["unproven"] + size["gaps"]
    )
