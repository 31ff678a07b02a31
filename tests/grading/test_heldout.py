"""The held-out variants of benchmarks/heldout are well formed, and benchmarks/diagnosis.py
classifies a results.json as it says: no grading here (that is `make diagnosis`)."""

import pytest

from autograder import scheme
from autograder.build import variants
from benchmarks import diagnosis

HELDOUT = variants.load("heldout")
CORRECT = variants.load("heldout_correct")
VARIANTS = {variant.id: variant for variant in diagnosis.heldout_variants()}


def test_there_are_held_out_mistakes_and_correct_alternatives_for_every_part():
    assert {v.part for v in HELDOUT} == set(scheme.PARTS)
    assert {v.part for v in CORRECT} == set(scheme.PARTS)


@pytest.mark.parametrize("variant", HELDOUT, ids=[v.id for v in HELDOUT])
def test_a_held_out_mistake_says_which_clause_of_which_function_it_breaks(variant):
    fields = variant.meta
    assert set(diagnosis.FIELDS) <= set(fields), f"{variant.id} lacks {diagnosis.FIELDS}"
    assert fields["NAME"].strip() and fields["CLAUSE"].strip()
    assert isinstance(fields["BROKEN"], tuple) and fields["BROKEN"]
    contract = scheme.contract()[scheme.PARTS[variant.part].file]
    assert set(fields["BROKEN"]) <= set(contract), f"{fields['BROKEN']} not in {contract}"


@pytest.mark.parametrize("variant", CORRECT, ids=[v.id for v in CORRECT])
def test_a_held_out_correct_alternative_breaks_nothing(variant):
    assert variant.name.strip()
    assert variant.meta.get("BROKEN", ()) == ()


@pytest.mark.parametrize("variant", HELDOUT + CORRECT, ids=[v.id for v in HELDOUT + CORRECT])
def test_each_variant_module_compiles(variant):
    assert "from __future__" not in variant.path.read_text()  # it stays at the module's top
    ((file, source),) = VARIANTS[variant.id].files.items()
    assert source.startswith((diagnosis.REPO / "solutions" / file).read_text())
    compile(source, file, "exec")


def test_every_bank_mistake_points_at_a_function_of_its_part():
    functions = diagnosis.bank_functions()
    assert functions
    contract = scheme.contract()
    for mistake_id, names in functions.items():
        part = next(p for p in scheme.PARTS if mistake_id.startswith(p + "_"))
        assert names and set(names) <= set(contract[scheme.PARTS[part].file]), mistake_id


def _test(check_id, score, max_score, mistakes=None, properties=None, name=None):
    test = {
        "name": name or f"{scheme.check(check_id).title} [case]",
        "score": score,
        "max_score": max_score,
        "tags": [check_id],
    }
    extra = {}
    if mistakes is not None:
        extra["mistakes"] = mistakes
    if properties is not None:
        extra["properties"] = properties
    if extra:
        test["extra_data"] = extra
    return test


BANK = {"dqn_made_up_loss": ("dqn_loss",), "dqn_made_up_buffer": ("ReplayBuffer",)}
RESULTS = {
    "tests": [
        _test("dqn.loss", 0.0, 2.0, mistakes=["dqn_made_up_loss"]),
        _test("dqn.loss", 1.0, 2.0, properties=["dqn_loss.grows_linearly"]),
        _test("dqn.replay_buffer", 0.0, 1.0, mistakes=["dqn_made_up_buffer"]),
        _test("dqn.replay_buffer", 0.0, 1.0, properties=["ReplayBuffer.sample.unwritten_slots"]),
        _test("dqn.network", 3.0, 3.0),
        # Other parts (missing in a one-file submission) lose everything and are not counted.
        _test("dp.backup_v", 0.0, 5.0, mistakes=["dp_anything"]),
        _test("td.update_stream", 0.0, 5.0, properties=["td0_update.anything"]),
    ]
}


def test_classify_counts_the_part_of_the_variant_only():
    row = diagnosis.classify(RESULTS, "held-out", "v", "dqn", ("dqn_loss",), BANK)
    assert (row.points, row.max_points) == (4.0, 9.0)
    assert row.caught and not row.correct and not row.false_diagnosis
    assert row.bank == ["dqn_made_up_loss", "dqn_made_up_buffer"]
    assert row.properties == ["dqn_loss.grows_linearly", "ReplayBuffer.sample.unwritten_slots"]


def test_a_name_is_right_when_it_points_at_a_broken_function_else_wrong():
    row = diagnosis.classify(RESULTS, "held-out", "v", "dqn", ("dqn_loss",), BANK)
    assert row.right == ["dqn_made_up_loss", "dqn_loss.grows_linearly"]
    assert row.wrong == ["dqn_made_up_buffer", "ReplayBuffer.sample.unwritten_slots"]
    # A method's property names its class, the contract's name.
    row = diagnosis.classify(RESULTS, "held-out", "v", "dqn", ("ReplayBuffer",), BANK)
    assert row.right == ["dqn_made_up_buffer", "ReplayBuffer.sample.unwritten_slots"]
    # A mistake the bank does not know points at nothing: wrong.
    row = diagnosis.classify(
        {"tests": [_test("dqn.loss", 0.0, 1.0, mistakes=["dqn_unknown"])]},
        "held-out",
        "v",
        "dqn",
        ("dqn_loss",),
        BANK,
    )
    assert row.wrong == ["dqn_unknown"]


def test_a_correct_variant_is_falsely_diagnosed_by_a_lost_point_or_any_name():
    full = {"tests": [_test("dqn.loss", 2.0, 2.0), _test("dp.backup_v", 0.0, 5.0)]}
    row = diagnosis.classify(full, "held-out correct", "c", "dqn", (), BANK)
    assert row.correct and not row.caught and not row.named and not row.false_diagnosis
    named = {"tests": [_test("dqn.loss", 2.0, 2.0, properties=["dqn_loss.x"])]}
    assert diagnosis.classify(named, "c", "c", "dqn", (), BANK).false_diagnosis
    lost = {"tests": [_test("dqn.loss", 1.5, 2.0)]}
    assert diagnosis.classify(lost, "c", "c", "dqn", (), BANK).false_diagnosis


def test_a_results_json_without_the_part_counts_as_an_error_that_caught_it():
    row = diagnosis.classify(
        {"tests": [], "output": "boom"}, "s", "v", "dp", ("greedy_policy",), {}
    )
    assert row.error and row.caught


def test_a_test_without_tags_is_placed_by_the_function_its_name_starts_with():
    assert diagnosis.test_part({"name": "ReplayBuffer.sample: x [c]"}) == "dqn"
    assert diagnosis.test_part({"name": "reward_to_go: x [c]"}) == "reinforce"
    assert diagnosis.test_part({"name": "Submission summary"}) is None


def test_the_tables_count_per_part_and_in_total():
    rows = [
        diagnosis.classify(RESULTS, "held-out", "a", "dqn", ("dqn_loss",), BANK),
        diagnosis.classify(
            {"tests": [_test("dqn.network", 3.0, 3.0)]}, "held-out", "b", "dqn", ("QNetwork",), BANK
        ),
        diagnosis.classify(
            {"tests": [_test("dp.backup_v", 5.0, 5.0)]}, "held-out", "c", "dp", (), BANK
        ),
    ]
    figures = diagnosis.summary(rows)["held-out"]
    assert figures["dqn"] == {
        "mistakes": 2,
        "caught": 1,
        "named_by_bank": 1,
        "named_by_property": 1,
        "named_right": 1,
        "wrongly_named": 1,
        "correct": 0,
        "correct_full_marks": 0,
        "false_diagnoses": 0,
    }
    assert figures["total"]["mistakes"] == 2 and figures["total"]["correct_full_marks"] == 1
    text = diagnosis.tables({"held-out": figures})
    assert "| dqn | 2 | 1 | 1 | 1 | 1 | 1 |" in text
    assert "| dp | 1 | 1 | 0 |" in text
