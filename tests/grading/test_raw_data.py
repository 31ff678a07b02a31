"""The boundary's rule, checked: the sandbox returns raw data, the trusted grader decides.

A submission that implements nothing (the handout's stubs) replaces, at import, every probe in
its own process, as a hostile import would, and returns made-up outputs of exactly the shapes and
dtypes the reference returns (more than a real attacker knows: it cannot read the expected data),
plus the verdict-shaped values the old protocol believed (zero counts, true flags, high returns).
No score moves: every verdict is the grader's, computed from raw arrays, the learning checks
count only the episodes the grader's own env saw, and the statistics use the reference's spread.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from bank import expected_dir
from submissions import REPO, grade

from autograder import scheme
from autograder.grade.expected_data import ExpectedData
from autograder.sandbox import protocol

# What the old protocol's probes computed next to student code, and the grader believed.
OLD_VERDICTS = {
    "empty_slot_draws": 0,
    "rows_consistent": True,
    "seeded_repeat": True,
    "distance_after_copy": 0.0,
    "distance_after_q_net_changes": 1.0,
    "target_gradient": 0.0,
    "moved": True,
    "loss_has_gradient": True,
    "agreement": 1.0,
    "agreement_with_greedy_actions": 0.0,
    "episodes": 4,
    "adds": 60,
    "env_steps": 60,
    "returns": [1000.0] * 300,
    "reported_returns": [1000.0] * 300,
    "mean": [0.0],
    "std": [1e9],
}

FORGER = """
# ---- a hostile import: every probe of this part returns made-up outputs ----
import json as _json
import numpy as _np
import autograder.sandbox.probes.{part} as _probes

_SHAPES = _json.loads({shapes!r})
_OLD = _json.loads({old!r})


def _forge(probe):
    def forged(module, case, *env):
        found = _SHAPES.get(probe + "|" + _json.dumps(case, sort_keys=True), {{}})
        made = {{name: _np.full(shape, {fill}, dtype=dtype)
                for name, (dtype, shape) in found.items()}}
        made.update({{name: _np.asarray(value) for name, value in _OLD.items()
                     if name not in made}})
        return made
    return forged


for _name in list(vars(_probes)):
    if not _name.startswith("_") and callable(getattr(_probes, _name)):
        setattr(_probes, _name, _forge(_name))
"""


def forged_submission(tmp_path, fill: str):
    data = ExpectedData(expected_dir())
    folder = tmp_path / f"forged-{fill}"
    folder.mkdir()
    for part in scheme.PARTS.values():
        shapes = {}
        for check in scheme.checks_of(part.name):
            if check.reference_only:
                continue
            for case_id, case in check.cases.items():
                shapes[f"{check.probe}|{json.dumps(case, sort_keys=True)}"] = {
                    name: [array.dtype.name, list(array.shape)]
                    for name, array in data.reference(check, case_id).items()
                    if not name.startswith(protocol.TRUSTED_PREFIX)
                }
        stub = (REPO / "starter" / part.file).read_text()
        (folder / part.file).write_text(
            stub
            + FORGER.format(
                part=part.name, shapes=json.dumps(shapes), old=json.dumps(OLD_VERDICTS), fill=fill
            )
        )
    return folder


@pytest.mark.parametrize("fill", ["-7"])
def test_forged_probes_move_no_score(tmp_path, fill):
    """A fill that cannot be right by chance (a constant can be: epsilon-greedy at epsilon 0
    always takes the one greedy action, and a stub returning it earns that case honestly); -7 is
    no action, no count, no probability. (All zeros was graded too when this test was written,
    with the same result; one grading keeps CI short.)"""
    outcome = grade(forged_submission(tmp_path, fill))
    total = sum(c.points for c in scheme.CHECKS if not c.reference_only)
    assert sum(t["max_score"] for t in outcome["tests"]) == pytest.approx(total)
    assert not any(t["name"] == "Tests not run" for t in outcome["tests"])
    passed = [t["name"] for t in outcome["tests"] if t["score"] > 0]
    assert outcome["score"] == 0, passed
    # The forgery really ran (the probes were replaced): no case says "not implemented".
    outputs = "\n".join(t.get("output", "") for t in outcome["tests"])
    assert "not implemented yet" not in outputs
    assert "leaderboard" not in outcome or all(
        entry["value"] < 1000 for entry in outcome["leaderboard"]
    )


def test_learning_checks_count_the_episodes_the_grader_saw():
    """On the reference's own run the env host's record and the returned list agree: the
    thresholds validated on returned lists hold for the grader's count."""
    data = ExpectedData(expected_dir())
    for check_id in ("dqn.train", "reinforce.train"):
        check = scheme.check(check_id)
        for case_id in check.cases:
            arrays = data.reference(check, case_id)
            seen = arrays[protocol.TRUSTED_PREFIX + "returns"]
            assert len(seen) > check.case(case_id)["last"]
            np.testing.assert_allclose(arrays["reported_returns"], seen)
