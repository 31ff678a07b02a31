"""The watched train_reinforce runs and PolicyNetwork's layers (reinforce.train_update,
reinforce.policy_network): correct code written otherwise passes (the loops the bank does not
list are told what is wrong: tests/grading/test_told.py).

The probes run here on trusted code, with the grader's own env host on a socket pair (as in the
sandbox), and the verdicts judge their raw outputs against the built expected data.
"""

from __future__ import annotations

import socket
import types

import pytest
from bank import expected_dir

from autograder import scheme
from autograder.build import variants
from autograder.grade.session import GradingSession
from autograder.sandbox import run as runner
from autograder.sandbox.env_host import EnvHost
from autograder.sandbox.probes import reinforce as probes
from autograder.sandbox.probes.remote_env import RemoteEnv

# Correct code written otherwise, proven on these checks (tests/variants/correct).
WATCHED = ("reinforce.policy_network", "reinforce.train_update")
CORRECT = [
    v
    for v in variants.load("correct", "reinforce")
    if all(variants.proven_on(v, check_id) for check_id in WATCHED)
]


def _module(source: str):
    module = types.ModuleType("reinforce")
    exec(compile(source, "reinforce.py", "exec"), module.__dict__)  # trusted code only
    return module


def _outcome(module, check, case) -> runner.Outcome:
    """The probe on trusted code, its env stepping in an EnvHost over a socket pair."""
    if "env" not in case:
        return runner.Outcome("ok", arrays=getattr(probes, check.probe)(module, case))
    ours, theirs = socket.socketpair()
    host = EnvHost(case["env"], max_steps=case["env"]["max_steps"])
    host.start(ours)
    try:
        arrays = getattr(probes, check.probe)(module, case, RemoteEnv(theirs.detach()))
    finally:
        host.stop()
    return runner.Outcome("ok", arrays=arrays, trusted=host.arrays())


def _failures(source: str, check_ids) -> dict:
    """{(check id, case id): feedback} of every failing case of the checks."""
    module = _module(source)
    outcomes = {}
    for check_id in check_ids:
        check = scheme.check(check_id)
        for case_id, case in check.cases.items():
            outcomes[check.job_key(case_id)] = _outcome(module, check, case)
    session = GradingSession.replaying(expected_dir(), {"reinforce": outcomes})
    found = {}
    for check_id in check_ids:
        for case_id in scheme.check(check_id).cases:
            try:
                session.judge(check_id, case_id)
            except AssertionError as failure:
                found[(check_id, case_id)] = str(failure)
    return found


@pytest.mark.parametrize("variant", CORRECT, ids=[v.id for v in CORRECT])
def test_a_network_and_a_loop_written_otherwise_pass(variant):
    assert _failures(variants.source(variant), WATCHED) == {}
