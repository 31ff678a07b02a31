"""The grader's env host (autograder/sandbox/env_host.py), driven as the sandbox drives it: a
RemoteEnv on the other end of a socket pair. What the agent sees is what a local env gives; what
the host refuses it refuses in its own words and leaves out of the record; the record is what
happened."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from autograder.sandbox.env_host import EnvHost, make_env
from autograder.sandbox.probes.remote_env import RemoteEnv

CATCH = {"id": "AtariLite/Catch-v0", "frame_size": 20, "kwargs": {"grid_size": 5}, "stack": 4}
CARTPOLE = {"id": "CartPole-v1", "max_episode_steps": 5}


@pytest.fixture
def hosted():
    """hosted(spec, max_steps) -> (host, remote env); every host is stopped afterwards."""
    hosts = []

    def start(spec, max_steps=1000):
        ours, theirs = socket.socketpair()
        host = EnvHost(spec, max_steps=max_steps)
        host.start(ours)
        hosts.append(host)
        return host, RemoteEnv(theirs.detach())

    yield start
    for host in hosts:
        host.stop()


@pytest.mark.parametrize("spec", [CATCH, CARTPOLE], ids=["catch-frames", "cartpole"])
def test_the_remote_env_sees_what_a_local_env_gives(hosted, spec):
    host, remote = hosted(spec)
    local = make_env(spec)
    assert remote.action_space == local.action_space
    assert remote.observation_space.shape == local.observation_space.shape
    assert remote.observation_space.dtype == local.observation_space.dtype
    theirs, _ = remote.reset(seed=3)
    ours, _ = local.reset(seed=3)
    np.testing.assert_array_equal(theirs, ours)
    for action in [0, 1, 1, 0, 1, 0, 0]:
        *theirs, _ = remote.step(action)
        *ours, _ = local.step(action)
        np.testing.assert_array_equal(theirs[0], ours[0])
        assert theirs[0].dtype == ours[0].dtype
        assert theirs[1:] == [float(ours[1]), bool(ours[2]), bool(ours[3])]
        if theirs[2] or theirs[3]:
            remote.reset(seed=4)
            local.reset(seed=4)


@pytest.mark.parametrize(
    "calls, refusal",
    [
        (lambda env: env.step(0), "call env.reset() first"),
        (lambda env: (env.reset(seed=1), env.step(2)), "action 2 is outside 0..1"),
        (lambda env: (env.reset(seed=1), env.step(-1)), "action -1 is outside 0..1"),
        (lambda env: (env.reset(seed=1), env.step(2**70)), f"action {2**70} is outside 0..1"),
        (lambda env: env.reset(seed=2**40), "takes an int from 0 to 2**32 - 1"),
    ],
    ids=["step-before-reset", "action-too-high", "negative-action", "huge-action", "bad-seed"],
)
def test_a_bad_call_is_refused_in_the_hosts_words_and_not_recorded(hosted, calls, refusal):
    host, remote = hosted(CARTPOLE)
    with pytest.raises(RuntimeError, match="refused this call") as raised:
        calls(remote)
    assert refusal in str(raised.value) and refusal in host.refused
    host.stop()
    assert host.arrays()["trusted.actions"].size == 0


def test_stepping_past_the_end_of_an_episode_is_refused(hosted):
    host, remote = hosted(CARTPOLE)  # a 5-step time limit
    remote.reset(seed=0)
    steps, done = 0, False
    while not done:
        _, _, terminated, truncated, _ = remote.step(steps % 2)
        steps, done = steps + 1, terminated or truncated
    with pytest.raises(RuntimeError, match="after the episode ended"):
        remote.step(0)
    host.stop()
    assert host.arrays()["trusted.actions"].size == steps <= 5


def test_the_step_cap_is_the_hosts_own(hosted):
    host, remote = hosted(CARTPOLE, max_steps=3)
    remote.reset(seed=0)
    for _ in range(3):
        remote.step(1)
    with pytest.raises(RuntimeError, match="at most 3 steps"):
        remote.step(1)
    host.stop()
    assert host.arrays()["trusted.actions"].tolist() == [1, 1, 1]


def test_the_record_is_what_happened(hosted):
    host, remote = hosted(CARTPOLE)
    local = make_env(CARTPOLE)
    returns, actions, reset_steps = [], [], []
    for seed in (7, 8):
        reset_steps.append(len(actions))
        remote.reset(seed=seed)
        local.reset(seed=seed)
        total, done = 0.0, False
        while not done:
            action = len(actions) % 2
            remote.step(action)
            _, reward, terminated, truncated, _ = local.step(action)
            actions.append(action)
            total += float(reward)
            done = terminated or truncated
        returns.append(total)
    remote.reset()  # an episode begun and not finished has no return yet
    remote.step(0)
    host.stop()
    record = host.arrays()
    assert record["trusted.actions"].tolist() == [*actions, 0]
    assert record["trusted.returns"].tolist() == returns
    assert record["trusted.resets"] == 3
    assert record["trusted.reset_seeds"].tolist() == [7, 8, -1]
    assert record["trusted.reset_steps"].tolist() == [*reset_steps, len(actions)]
