"""Mistakes the bank does not list are caught and told what is wrong.

Every variant of tests/variants/unnamed with TOLD (or NAMED_AS) runs through the worker on the
jobs of its CAUGHT_BY checks (as the build runs the bank: the probes, the read-back's refusals,
the env hosts), and the real verdicts judge its outputs against the built expected data. Each
must lose points on every check of its CAUGHT_BY, and one of its failures must say TOLD; no
known mistake may be named, except NAMED_AS (a bank entry whose explanation covers it). They
prove the contract table's clauses that no known mistake can break (a probe's contract error or
a read-back refusal carries no output to name; autograder/contract.py cites them as
"unnamed/<id>").
"""

from __future__ import annotations

import pytest
from bank import expected_dir, run_check

from autograder import scheme
from autograder.build import reference, variants
from autograder.grade.session import GradingSession

TOLD = [v for v in variants.load("unnamed") if {"TOLD", "NAMED_AS"} & set(v.meta)]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict:
    """{variant id: {job key: Outcome}}: one worker per part runs all its variants."""
    found = {}
    for part in scheme.PARTS:
        batch = {}
        for variant in (v for v in TOLD if v.part == part):
            folder = tmp_path_factory.mktemp(variant.id)
            (folder / scheme.PARTS[part].file).write_text(variants.source(variant))
            probes = {scheme.check(c).probe for c in variant.meta["CAUGHT_BY"]}
            jobs = [
                job
                for job in scheme.jobs(part, reference=False)
                if job["key"].split("--", 1)[0] in probes
            ]
            batch[variant.id] = (folder, jobs)
        if batch:
            found.update(
                reference.run_trusted_batch(part, batch, tmp_path_factory.mktemp(f"work-{part}"))
            )
    return found


def _probe_names(session: GradingSession, check_ids) -> set:
    """The probes' own names for their outputs (e.g. `log_prob_jacobian`), which feedback never
    shows: it speaks of the contract's calls instead. Multi-word names only (a `G` is a word)."""
    names = set()
    for check_id in check_ids:
        check = scheme.check(check_id)
        for case_id in check.cases:
            names |= {n for n in session.expected.reference(check, case_id) if "_" in n}
    return names - {name for part in scheme.PARTS.values() for name in part.contract}


@pytest.mark.parametrize("variant", TOLD, ids=[v.id for v in TOLD])
def test_a_mistake_the_bank_does_not_list_is_caught_and_told(outcomes, variant):
    session = GradingSession.replaying(expected_dir(), {variant.part: outcomes[variant.id]})
    internal = _probe_names(session, variant.meta["CAUGHT_BY"])
    told, named = [], set()
    for check_id in variant.meta["CAUGHT_BY"]:
        failures = [m for m in run_check(session, check_id).values() if m is not None]
        assert failures, f"{variant.id} passes {check_id}"
        if "TOLD" in variant.meta:
            told += [m for m in failures if variant.meta["TOLD"] in m]
        for message in failures:
            named |= set(message.mistakes)
            assert not [name for name in internal if name in message], message
    # the bank has no name for it (any name would be wrong), or the one entry that covers it
    assert named == ({variant.meta["NAMED_AS"]} if "NAMED_AS" in variant.meta else set())
    if "TOLD" in variant.meta:
        assert told, f"no failure of {variant.id} says {variant.meta['TOLD']!r}"
