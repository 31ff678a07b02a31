"""TabularEnv: gymnasium's API, seeding, terminated vs truncated, and samples that follow P."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from envs.racing import COOL, FAST, OVERHEATED, SLOW, WARM, racing
from envs.random_mdp import random_mdp
from envs.tabular import TabularMDP
from envs.tabular_env import TabularEnv


def chain_mdp(length=4):
    """0 -> 1 -> ... -> length (absorbing), one action, reward 1 per step: ends after `length`."""
    S = length + 1
    P = np.zeros((S, 1, S))
    R = np.zeros((S, 1, S))
    for s in range(length):
        P[s, 0, s + 1] = 1.0
        R[s, 0, s + 1] = 1.0
    P[length, 0, length] = 1.0
    return TabularMDP(P, R, 1.0)


def rollout(env, seed, num_steps=50):
    trajectory = [env.reset(seed=seed)[0]]
    actions = np.random.default_rng(seed)
    for _ in range(num_steps):
        s2, r, terminated, truncated, _ = env.step(int(actions.integers(env.action_space.n)))
        trajectory.append((s2, r, terminated, truncated))
        if terminated or truncated:
            trajectory.append(env.reset()[0])
    return trajectory


@pytest.mark.parametrize(
    "make_env",
    [
        lambda: TabularEnv(racing(), render_mode="ansi"),
        lambda: TabularEnv(random_mdp(6, 3, seed=0, branching=2, num_absorbing=1)),
        lambda: TabularEnv(chain_mdp(), start_distribution=[0.5, 0.5, 0, 0, 0], max_steps=3),
    ],
)
def test_gymnasium_check_env_passes(make_env):
    env = make_env()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env)
    # check_env cannot try other render modes of an unregistered env; anything else is a problem.
    problems = [str(w.message) for w in caught if "not having a spec" not in str(w.message)]
    assert not problems, f"check_env warned: {problems}"


def test_spaces_match_the_mdp():
    env = TabularEnv(random_mdp(7, 3, seed=1))
    assert env.observation_space.n == 7 and env.action_space.n == 3


def test_same_seed_same_trajectory_different_seed_different_trajectory():
    mdp = random_mdp(10, 3, seed=4)
    a = rollout(TabularEnv(mdp, start_distribution=np.full(10, 0.1)), seed=7)
    b = rollout(TabularEnv(mdp, start_distribution=np.full(10, 0.1)), seed=7)
    c = rollout(TabularEnv(mdp, start_distribution=np.full(10, 0.1)), seed=8)
    assert a == b, "reset(seed=...) must make the whole trajectory reproducible"
    assert a != c


def test_default_start_is_state_zero_and_an_int_start_is_that_state():
    assert TabularEnv(racing()).reset(seed=0)[0] == COOL
    assert TabularEnv(racing(), start_distribution=WARM).reset(seed=0)[0] == WARM
    env = TabularEnv(racing())
    assert env.reset(seed=0, options={"start_state": WARM})[0] == WARM
    assert env.reset()[0] == COOL, "the start_state option holds for one episode only"


def test_start_distribution_is_followed():
    env = TabularEnv(random_mdp(4, 2, seed=0), start_distribution=[0.2, 0.0, 0.5, 0.3])
    env.reset(seed=0)
    counts = np.bincount([env.reset()[0] for _ in range(4000)], minlength=4)
    assert counts[1] == 0, "a start state of probability 0 was drawn"
    np.testing.assert_allclose(counts / 4000, [0.2, 0.0, 0.5, 0.3], atol=0.04)


def test_terminated_on_entering_an_absorbing_state():
    env = TabularEnv(racing(), start_distribution=WARM)
    env.reset(seed=0)
    s2, reward, terminated, truncated, info = env.step(FAST)
    assert (s2, reward, terminated, truncated) == (OVERHEATED, -10.0, True, False)
    assert info["prob"] == 1.0
    with pytest.raises(RuntimeError, match="reset"):
        env.step(SLOW)


def test_terminated_wins_over_truncated_on_the_last_step():
    env = TabularEnv(chain_mdp(length=3), max_steps=3)
    env.reset(seed=0)
    results = [env.step(0)[2:4] for _ in range(3)]
    assert results == [(False, False), (False, False), (True, False)]


def test_truncated_after_max_steps_without_termination():
    env = TabularEnv(chain_mdp(length=10), max_steps=4)
    env.reset(seed=0)
    results = [env.step(0) for _ in range(4)]
    assert [r[2:4] for r in results] == [(False, False)] * 3 + [(False, True)]
    assert results[-1][0] == 4, "truncation still reports the real next state"
    with pytest.raises(RuntimeError, match="reset"):
        env.step(0)
    assert env.reset()[0] == 0 and env.steps == 0


def test_no_time_limit():
    env = TabularEnv(racing(), max_steps=None)
    env.reset(seed=0)
    for _ in range(1000):
        assert env.step(SLOW)[2:4] == (False, False)


def test_rewards_are_r_of_the_sampled_transition():
    mdp = racing()
    env = TabularEnv(mdp)
    env.reset(seed=3)
    actions = np.random.default_rng(0)
    endings = 0
    for _ in range(300):
        s, action = env.state, int(actions.integers(2))
        s2, reward, terminated, truncated, _ = env.step(action)
        assert reward == mdp.R[s, action, s2], f"{s} -{action}-> {s2} paid {reward}"
        if terminated or truncated:
            endings += terminated
            env.reset()
    assert endings > 0, "the random policy should overheat the car now and then"


def test_empirical_transition_frequencies_match_p():
    mdp = random_mdp(6, 2, seed=12, branching=3)
    env = TabularEnv(mdp, max_steps=None)
    env.reset(seed=0)
    num_samples = 2000
    for s in range(mdp.num_states):
        for a in range(mdp.num_actions):
            counts = np.zeros(mdp.num_states)
            for _ in range(num_samples):
                env.state = s  # place the agent, then sample one step
                counts[env.step(a)[0]] += 1
            p = mdp.P[s, a]
            bound = 5 * np.sqrt(p * (1 - p) / num_samples) + 1e-12
            assert np.all(np.abs(counts / num_samples - p) <= bound), (
                f"from s={s}, a={a}: frequencies {counts / num_samples}, P says {p}"
            )


def test_render_ansi():
    env = TabularEnv(racing(), render_mode="ansi")
    env.reset(seed=0)
    assert "cool" in env.render()
    assert TabularEnv(racing()).render() is None


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"start_distribution": 3}, ValueError, r"state in \[0, 2\]"),
        ({"start_distribution": [0.5, 0.5]}, ValueError, r"shape \(3,\)"),
        ({"start_distribution": [0.5, 0.6, -0.1]}, ValueError, "not probabilities"),
        ({"start_distribution": [0.5, 0.4, 0.0]}, ValueError, "must sum to 1"),
        ({"max_steps": 0}, ValueError, "max_steps"),
        ({"max_steps": 2.5}, ValueError, "max_steps"),
        ({"render_mode": "human"}, ValueError, "render_mode"),
    ],
)
def test_invalid_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        TabularEnv(racing(), **kwargs)


def test_mdp_must_be_a_tabular_mdp():
    with pytest.raises(TypeError, match="TabularMDP"):
        TabularEnv("racing")


def test_step_before_reset_and_bad_actions():
    env = TabularEnv(racing())
    with pytest.raises(RuntimeError, match="reset"):
        env.step(0)
    env.reset(seed=0)
    with pytest.raises(ValueError, match="action"):
        env.step(2)
