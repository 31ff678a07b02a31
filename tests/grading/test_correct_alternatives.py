"""Correct submissions written differently from the reference score full marks on their part.

Each graded submission carries one alternative per part file, so that a few end-to-end gradings
cover them all: explicit Python loops (vectorised over s' only), einsum and matmul instead of
broadcasting, (1 - alpha) Q + alpha target instead of Q + alpha delta, and random numbers drawn in
other orders (rng.integers before rng.random, rng.choice with probabilities). Every env.reset is
as the contract says (the first with seed=seed, the later ones without: td.evaluate and
q_learning.learning check it), written in other ways. The stochastic checks must pass whatever
order a correct submission draws in: their thresholds are validated on many seeds by
benchmarks/validate_thresholds.py.

The deep parts: indexing by arange instead of gather, a detached target instead of no_grad,
update_target by copy_, rng.choice in the replay buffer, other draw orders in train_dqn, and a
train_reinforce that keeps log-probabilities while acting and calls a vectorised reinforce_loss.

float32 arithmetic in the dynamic-programming backups is accepted too (returned as float32 or
float64): the dp tolerances (atol 1e-6, stopping rule rtol 1e-6) sit above float32 rounding and
below every known mistake (tests/grading/test_mistake_bank.py).

The alternatives are files in tests/variants/correct/ (autograder/build/variants.py: one format
for every variant), which benchmarks/validate_thresholds.py runs on many seeds too.
"""

import pytest
from submissions import entries_of, grade, only, submission_with

from autograder import scheme
from autograder.build import variants


def _submissions() -> dict:
    """The k-th alternative of every part in the k-th submission: a few end-to-end gradings
    cover every alternative."""
    by_part: dict = {}
    for variant in filter(variants.end_to_end, variants.load("correct")):
        by_part.setdefault(variant.part, []).append(variant)
    found: dict = {}
    for part, alternatives in by_part.items():
        for k, variant in enumerate(alternatives):
            found.setdefault(f"alternatives-{k + 1}", {})[scheme.PARTS[part].file] = variant
    return found


SUBMISSIONS = _submissions()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    cache = {}

    def results(name):
        if name not in cache:
            files = {file: variants.source(v) for file, v in SUBMISSIONS[name].items()}
            folder = submission_with(tmp_path_factory.mktemp(name), only(files))
            cache[name] = grade(folder)
        return cache[name]

    return results


CASES = [(name, v.part, v.id) for name, files in SUBMISSIONS.items() for v in files.values()]


@pytest.mark.parametrize(("submission", "part", "variant"), CASES, ids=[c[2] for c in CASES])
def test_alternative_scores_full_marks_on_its_part(graded, submission, part, variant):
    results = graded(submission)
    for check in scheme.checks_of(part):
        if check.reference_only:
            continue
        entries = entries_of(results, check.id)
        assert len(entries) == len(check.cases), check.id
        failed = {t["name"]: t["output"][:600] for t in entries if t["status"] != "passed"}
        assert not failed, f"{variant} loses points on {check.id}: {failed}"
        assert sum(t["score"] for t in entries) == pytest.approx(check.points), check.id
