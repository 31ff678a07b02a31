"""Verdicts on hand-made raw outputs: each names only what is actually wrong.

The replay buffer's raw samples say which slot every row came from (stored transition i carries
i in obs, i + 1 in next_obs: a 0 there is a slot never written). A sample() that draws from
range(capacity) is the known mistake; a wrong __len__ or add() can also put empty slots in a
sample, and must not be given that name (sample() is right there).
"""

from __future__ import annotations

import numpy as np
import pytest
from bank import expected_dir

from autograder import scheme
from autograder.grade.session import GradingSession
from autograder.sandbox import protocol
from autograder.sandbox.run import Outcome

CHECK = scheme.check("dqn.replay_buffer")
CASE = "capacity8-after3"  # 3 transitions in 8 slots: 5 never written


def buffer_outputs(ids, *, length):
    """Raw outputs of a buffer whose samples came from the slots `ids` (-1: never written)."""
    ids = np.asarray(ids, dtype=np.float64)
    written = ids >= 0
    codes = [
        protocol.SAMPLE_DTYPES.index(n) for n in ("uint8", "int64", "float32", "uint8", "float32")
    ]
    size = len(ids)
    draws = CHECK.case(CASE)["samples"]
    return {
        "len": np.array(length, dtype=np.int64),
        "sampled_obs": np.where(written, ids, 0.0),
        "sampled_actions": np.where(written, ids % 3, 0.0),
        "sampled_rewards": np.where(written, ids, 0.0),
        "sampled_next_obs": np.where(written, ids + 1, 0.0),
        "sampled_terminated": np.where(written, (ids % 4 == 0).astype(float), 0.0),
        "resampled_obs": np.where(written, ids, 0.0),
        "dtype_codes": np.array(codes * draws, dtype=np.int64),
        "empty_sample_raised": np.array(1, dtype=np.int64),  # a ValueError
    }, size


def judge(arrays) -> str:
    """The feedback; the mistakes it names as data must be exactly those it names in words."""
    outcomes = {CHECK.job_key(c): Outcome("ok", arrays=arrays) for c in CHECK.cases}
    session = GradingSession.replaying(expected_dir(), {"dqn": outcomes})
    with pytest.raises(AssertionError) as failure:
        session.judge(CHECK.id, CASE)
    message = str(failure.value)
    named = [m for m in session.expected.mistakes.values() if f"{NAME}{m.name}." in message]
    assert sorted(failure.value.mistakes) == sorted(m.id for m in named)
    return message


def draws(rng, slots):
    case = CHECK.case(CASE)
    return rng.choice(slots, size=case["samples"] * case["batch_size"])


NAME = "Known mistake: "


def test_sample_from_capacity_is_named():
    rng = np.random.default_rng(0)
    arrays, _ = buffer_outputs(draws(rng, [0, 1, 2, -1, -1, -1, -1, -1]), length=3)
    message = judge(arrays)
    assert NAME in message and "never written" in message


def test_wrong_len_is_not_named_as_the_sample_mistake():
    rng = np.random.default_rng(1)
    arrays, _ = buffer_outputs(draws(rng, [0, 1, 2, -1, -1, -1, -1, -1]), length=8)
    message = judge(arrays)
    assert "len(buffer) is 8" in message
    assert NAME not in message


def test_add_that_loses_transitions_is_not_named_as_the_sample_mistake():
    rng = np.random.default_rng(2)  # add() overwrote slot 1 with 2: transition 1 is lost
    arrays, _ = buffer_outputs(draws(rng, [0, 2, 2, -1]), length=3)
    message = judge(arrays)
    assert NAME not in message


def test_a_violated_property_goes_along_as_data_and_in_words():
    from autograder.grade import verdicts
    from autograder.grade.properties import Property, violated

    prop = Property("dqn_loss.example", "dqn_loss", "the loss is 0 when Q_new equals the target")
    with pytest.raises(AssertionError) as failure:
        verdicts._fail(CHECK, CASE, ["first line", violated(prop, "a loss of 3")])
    assert failure.value.properties == ("dqn_loss.example",)
    assert failure.value.mistakes == ()
    assert "`dqn_loss`" in str(failure.value) and "a loss of 3" in str(failure.value)


@pytest.mark.parametrize(
    ("check_id", "says", "not_said"),
    [
        ("dp.value_iteration", "vectorise over next states", None),
        ("reinforce.train", "one optimizer step per iteration", "next states"),
        ("dqn.train", "train_every", "next states"),
    ],
)
def test_a_timeout_says_what_to_look_for_in_that_part_s_terms(check_id, says, not_said):
    from autograder.grade.feedback import describe_failure

    check = scheme.check(check_id)
    case_id = next(iter(check.cases))
    text = describe_failure(check, case_id, Outcome("timeout"))
    assert f"{check.cpu_seconds:g} s of CPU time" in text
    assert says in text
    assert not_said is None or not_said not in text


def test_an_empty_sample_that_does_not_raise_is_named_only_when_alone():
    rng = np.random.default_rng(3)
    arrays, _ = buffer_outputs(draws(rng, [0, 1, 2]), length=3)
    arrays["empty_sample_raised"] = np.array(0, dtype=np.int64)
    message = judge(arrays)
    assert "must raise ValueError" in message
    assert f"{NAME}sampling an empty replay buffer does not raise." in message
    arrays["len"] = np.array(8, dtype=np.int64)  # and a wrong __len__: no name for either
    message = judge(arrays)
    assert "must raise ValueError" in message and NAME not in message


def test_a_sample_of_the_wrong_size_is_told_in_the_contract_s_words():
    """Not "`sampled_obs` has shape (100,)": which call, and what it returned."""
    rng = np.random.default_rng(4)
    arrays, _ = buffer_outputs(draws(rng, [0, 1, 2]), length=3)
    arrays["sampled_obs"] = arrays["sampled_obs"][:100]
    outcomes = {CHECK.job_key(c): Outcome("ok", arrays=arrays) for c in CHECK.cases}
    session = GradingSession.replaying(expected_dir(), {"dqn": outcomes})
    with pytest.raises(AssertionError) as failure:
        session.judge(CHECK.id, CASE)
    message = str(failure.value)
    assert "ReplayBuffer.sample(batch_size)" in message
    assert not [name for name in arrays if f"`{name}`" in message]


def test_no_dqn_feedback_shows_a_probe_s_array_names():
    """Every dqn check's feedback on every known mistake says what was expected of which call,
    never the probe's output names (issue 16, item 4)."""
    from bank import run_check, session_from_stored

    from autograder.build import expected

    for source in ["reference"] + [m.id for m in expected.load_mistakes("dqn")]:
        session = session_from_stored(source, "dqn")
        for check in scheme.checks_of("dqn"):
            if check.reference_only or (check.learning and source != "reference"):
                continue
            names = set()
            for case_id in check.cases:
                names |= set(session.expected.reference(check, case_id))
            for message in run_check(session, check.id).values():
                shown = [name for name in names if message and f"`{name}`" in message]
                assert not shown, (source, check.id, shown)
