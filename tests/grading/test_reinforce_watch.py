"""The watched train_reinforce runs and PolicyNetwork's layers (reinforce.train_update,
reinforce.policy_network): correct code written otherwise passes, and loops the bank does not
list are told what is wrong, in the contract's words.

The probes run here on trusted code, with the grader's own env host on a socket pair (as in the
sandbox), and the verdicts judge their raw outputs against the built expected data.
"""

from __future__ import annotations

import socket
import types

import pytest
from bank import expected_dir
from submissions import REPO

from autograder import scheme
from autograder.build import variants
from autograder.grade.session import GradingSession
from autograder.sandbox import run as runner
from autograder.sandbox.env_host import EnvHost
from autograder.sandbox.probes import reinforce as probes
from autograder.sandbox.probes.remote_env import RemoteEnv

REFERENCE = (REPO / "solutions" / "reinforce.py").read_text()

OTHER_NETWORK = '''

class PolicyNetwork(nn.Module):
    """ReLU in the MLP, the output layer registered first, separate attributes, div(255)."""

    def __init__(self, obs_shape, num_actions, hidden=64):
        super().__init__()
        obs_shape = tuple(int(d) for d in obs_shape)
        self.out = nn.Linear(hidden, num_actions)
        if len(obs_shape) == 1:
            self.frames = False
            self.first = nn.Linear(obs_shape[0], hidden)
        elif len(obs_shape) == 3:
            c, h, w = obs_shape
            side = [((n - 8) // 4 + 1 - 4) // 2 + 1 for n in (h, w)]
            if min(side) < 1:
                raise ValueError("frames too small for the lecture's convolutions")
            self.frames = True
            self.conv2 = nn.Conv2d(16, 32, 4, stride=2)
            self.conv1 = nn.Conv2d(c, 16, 8, stride=4)
            self.first = nn.Linear(32 * side[0] * side[1], hidden)
        else:
            raise ValueError("obs_shape must be (D,) or (C, H, W)")

    def forward(self, obs):
        if self.frames:
            x = obs.to(torch.float32).div(255)
            x = torch.relu(self.conv2(torch.relu(self.conv1(x)))).flatten(1)
        else:
            x = obs.to(torch.float32)
        return self.out(torch.relu(self.first(x)))

    def distribution(self, obs):
        return torch.distributions.Categorical(logits=self.forward(obs))
'''


def _loop(change: str, by: str) -> str:
    """The reference with one line of train_reinforce changed."""
    assert change in REFERENCE
    return REFERENCE.replace(change, by, 1)


OPTIMIZER = "optimizer = torch.optim.Adam(policy.parameters(), lr=lr)"
# Loops the bank does not list, and what their feedback must say.
TOLD = {
    "adam-default-lr": (
        _loop(OPTIMIZER, "optimizer = torch.optim.Adam(policy.parameters())"),
        "It is Adam's with learning rate 0.001",
    ),
    "sgd": (
        _loop(OPTIMIZER, "optimizer = torch.optim.SGD(policy.parameters(), lr=lr)"),
        "plain gradient descent (SGD)",
    ),
    "no-zero-grad": (
        _loop("        optimizer.zero_grad()\n        loss.backward()", "        loss.backward()"),
        "call optimizer.zero_grad()",
    ),
    "every-reset-seeded": (
        _loop("            obs, _ = env.reset()\n", "            obs, _ = env.reset(seed=seed)\n"),
        "every later one with env.reset() (no seed)",
    ),
}


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


def test_a_network_and_a_loop_written_otherwise_pass():
    source = variants.source(variants.by_id("correct")["reinforce_other_ways"]) + OTHER_NETWORK
    assert _failures(source, ["reinforce.policy_network", "reinforce.train_update"]) == {}


@pytest.mark.parametrize("name", list(TOLD))
def test_a_loop_the_bank_does_not_list_is_told_what_is_wrong(name):
    source, words = TOLD[name]
    found = _failures(source, ["reinforce.train_update"])
    assert found, f"{name} passes train_update"
    assert any(words in message for message in found.values()), found
    for message in found.values():
        assert "Known mistake" not in message, message  # no name that is not its own
        assert "log_prob_jacobian" not in message and "step_env_steps" not in message
