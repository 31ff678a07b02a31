"""The toy-text adapters against the gymnasium envs themselves: their tables and their samples."""

from __future__ import annotations

import numpy as np
import pytest
from gymnasium.envs.toy_text import CliffWalkingEnv, FrozenLakeEnv, TaxiEnv

from envs.tabular_env import TabularEnv
from envs.toy_text import (
    CLIFF_WALKING_START,
    cliff_walking,
    from_toy_text,
    frozen_lake,
    taxi,
    toy_text_start_distribution,
)

# name: (the gymnasium env, our adapter's MDP)
CASES = {
    "FrozenLake 4x4 slippery": (
        lambda: FrozenLakeEnv(map_name="4x4", is_slippery=True),
        lambda: frozen_lake("4x4", is_slippery=True),
    ),
    "FrozenLake 4x4": (
        lambda: FrozenLakeEnv(map_name="4x4", is_slippery=False),
        lambda: frozen_lake("4x4", is_slippery=False),
    ),
    "FrozenLake 8x8 slippery": (
        lambda: FrozenLakeEnv(map_name="8x8", is_slippery=True),
        lambda: frozen_lake("8x8", is_slippery=True),
    ),
    "FrozenLake 8x8": (
        lambda: FrozenLakeEnv(map_name="8x8", is_slippery=False),
        lambda: frozen_lake("8x8", is_slippery=False),
    ),
    "CliffWalking": (lambda: CliffWalkingEnv(), lambda: cliff_walking()),
    "CliffWalking slippery": (
        lambda: CliffWalkingEnv(is_slippery=True),
        lambda: cliff_walking(is_slippery=True),
    ),
    "Taxi": (lambda: TaxiEnv(), lambda: taxi()),
    "Taxi rainy": (lambda: TaxiEnv(is_rainy=True), lambda: taxi(is_rainy=True)),
}
SIZES = {"FrozenLake 4x4": 16, "FrozenLake 8x8": 64, "CliffWalking": 48, "Taxi": 500}

SAMPLES_PER_PAIR = 300
MAX_PAIRS = 64
STANDARD_ERRORS = 5


@pytest.fixture(scope="module", params=list(CASES))
def case(request):
    make_env, make_mdp = CASES[request.param]
    return request.param, make_env(), make_mdp()


def outcomes(env, s, a):
    return env.unwrapped.P[s][a]


def test_sizes_and_absorbing_state(case):
    name, env, mdp = case
    n = next(size for prefix, size in SIZES.items() if name.startswith(prefix))
    assert mdp.num_states == n + 1, f"{name}: S should be n + 1 = {n + 1} (one absorbing state)"
    assert mdp.num_actions == env.action_space.n
    assert list(mdp.absorbing_states()) == [n], f"{name}: only the extra state {n} is absorbing"
    assert mdp.terminal_states == (n,)
    assert mdp.gamma == 0.99


def test_the_convenience_function_is_from_toy_text(case):
    _, env, mdp = case
    direct = from_toy_text(env, 0.99)
    assert np.array_equal(direct.P, mdp.P) and np.array_equal(direct.R, mdp.R)


def test_p_and_expected_reward_follow_the_env_table(case):
    name, env, mdp = case
    n, num_actions = env.observation_space.n, env.action_space.n
    expected_p = np.zeros((n, num_actions, n + 1))
    expected_r = np.zeros((n, num_actions))
    for s in range(n):
        for a in range(num_actions):
            for prob, s2, reward, terminated in outcomes(env, s, a):
                expected_p[s, a, n if terminated else s2] += prob
                expected_r[s, a] += prob * reward
    wrong_p = np.argwhere(np.abs(mdp.P[:n] - expected_p) > 1e-12)
    assert wrong_p.size == 0, (
        f"{name}: P[s, a, s2] differs from the env's table at (s, a, s2) = {wrong_p[:5].tolist()}"
    )
    wrong_r = np.argwhere(np.abs(mdp.expected_reward()[:n] - expected_r) > 1e-12)
    assert wrong_r.size == 0, (
        f"{name}: r(s, a) differs from the env's expected reward at (s, a) = {wrong_r[:5].tolist()}"
    )


def test_values_equal_the_env_table_solved_directly(case):
    # A Bellman loop straight on the env's table, where `terminated` means no future value.
    name, env, _ = case
    gamma = 0.9  # converges in a few hundred sweeps, keeping the test fast
    mdp = from_toy_text(env, gamma)
    n, num_actions = env.observation_space.n, env.action_space.n
    rows = [
        (s * num_actions + a, prob, s2, reward, terminated)
        for s in range(n)
        for a in range(num_actions)
        for prob, s2, reward, terminated in outcomes(env, s, a)
    ]
    index, prob, s2, reward, terminated = (np.array(column) for column in zip(*rows, strict=True))
    s2 = s2.astype(int)
    r_mdp = mdp.expected_reward()
    P_flat = mdp.P.reshape(-1, mdp.num_states)
    V_env = np.zeros(n)
    V_mdp = np.zeros(mdp.num_states)
    for _ in range(1000):
        future = np.where(terminated, 0.0, V_env[s2])
        Q = np.bincount(index, prob * (reward + gamma * future), minlength=n * num_actions)
        V_env, V_env_old = Q.reshape(n, num_actions).max(axis=1), V_env
        V_mdp = (r_mdp + gamma * (P_flat @ V_mdp).reshape(r_mdp.shape)).max(axis=1)
        if np.max(np.abs(V_env - V_env_old)) < 1e-11:
            break
    np.testing.assert_allclose(V_mdp[:n], V_env, atol=1e-8, err_msg=f"{name}: V* differs")
    assert V_mdp[n] == 0.0


def sampled_pairs(env, rng):
    """A set of (s, a): a random subset, plus every pair that can end the episode (up to 16)."""
    n, num_actions = env.observation_space.n, env.action_space.n
    all_pairs = [(s, a) for s in range(n) for a in range(num_actions)]
    chosen = rng.permutation(len(all_pairs))[:MAX_PAIRS]
    pairs = {all_pairs[i] for i in chosen}
    ending = [p for p in all_pairs if any(o[3] for o in outcomes(env, *p))]
    pairs.update(ending[:16])
    return sorted(pairs)


def test_sampled_dynamics_and_rewards_match_the_mdp(case):
    name, env, mdp = case
    base = env.unwrapped
    base.reset(seed=2024)
    n = env.observation_space.n
    rng = np.random.default_rng(0)
    for s, a in sampled_pairs(env, rng):
        counts = np.zeros(mdp.num_states)
        rewards = [[] for _ in range(mdp.num_states)]
        for _ in range(SAMPLES_PER_PAIR):
            base.s = s
            s2, reward, terminated, truncated, _ = base.step(a)
            assert not truncated
            target = n if terminated else s2
            counts[target] += 1
            rewards[target].append(reward)
        p = mdp.P[s, a]
        frequencies = counts / SAMPLES_PER_PAIR
        bound = STANDARD_ERRORS * np.sqrt(p * (1 - p) / SAMPLES_PER_PAIR) + 1e-12
        bad = np.flatnonzero(np.abs(frequencies - p) > bound)
        assert bad.size == 0, (
            f"{name}, s={s}, a={a}: the env went to {bad.tolist()} with frequencies "
            f"{frequencies[bad].tolist()}, but P says {p[bad].tolist()}"
        )
        for target in np.flatnonzero(counts):
            seen = np.array(rewards[target])
            tolerance = STANDARD_ERRORS * seen.std() / np.sqrt(seen.size) + 1e-12
            assert abs(seen.mean() - mdp.R[s, a, target]) <= tolerance, (
                f"{name}, s={s}, a={a} -> {target}: the env paid {np.unique(seen).tolist()} "
                f"(mean {seen.mean()}), R says {mdp.R[s, a, target]}"
            )


def test_frozen_lake_terminal_cells_lead_to_the_absorbing_state():
    mdp = frozen_lake("4x4", is_slippery=True)
    for cell in (5, 7, 11, 12, 15):  # the holes and the goal of the 4x4 map
        assert np.all(mdp.P[cell, :, 16] == 1.0) and np.all(mdp.R[cell] == 0.0)
    # Non-slippery: right from 14 reaches the goal (+1, episode over).
    deterministic = frozen_lake("4x4", is_slippery=False)
    assert deterministic.P[14, 2, 16] == 1.0 and deterministic.R[14, 2, 16] == 1.0


def test_frozen_lake_8x8_merges_goal_and_hole_endings_into_their_mean_reward():
    mdp = frozen_lake("8x8", is_slippery=True)
    # From 55 going down (1): 1/3 each to the hole 54 (reward 0), the goal 63 (1) and 55 itself.
    assert mdp.P[55, 1, 64] == pytest.approx(2 / 3)
    assert mdp.R[55, 1, 64] == pytest.approx(0.5)
    assert mdp.expected_reward()[55, 1] == pytest.approx(1 / 3)


def test_slippery_cliff_walking_merges_slip_and_fall_into_their_mean_reward():
    mdp = cliff_walking(is_slippery=True)
    # Up from the start: 1/3 left (stays, -1), 1/3 up (24, -1), 1/3 right (cliff: start, -100).
    assert mdp.P[CLIFF_WALKING_START, 0, CLIFF_WALKING_START] == pytest.approx(2 / 3)
    assert mdp.R[CLIFF_WALKING_START, 0, CLIFF_WALKING_START] == pytest.approx(-50.5)
    assert mdp.expected_reward()[CLIFF_WALKING_START, 0] == pytest.approx(-34.0)


def test_cliff_walking_cliff_returns_to_start_without_ending():
    mdp = cliff_walking()
    assert mdp.P[CLIFF_WALKING_START, 1, CLIFF_WALKING_START] == 1.0  # right into the cliff
    assert mdp.R[CLIFF_WALKING_START, 1, CLIFF_WALKING_START] == -100.0
    assert mdp.P[35, 2, 48] == 1.0 and mdp.R[35, 2, 48] == -1.0  # down into the goal


def test_start_distribution_over_n_plus_one_states():
    start = toy_text_start_distribution(CliffWalkingEnv())
    assert start.shape == (49,) and start[CLIFF_WALKING_START] == 1.0 and start.sum() == 1.0
    taxi_start = toy_text_start_distribution(TaxiEnv())
    assert taxi_start.shape == (501,) and taxi_start[500] == 0.0
    assert taxi_start.sum() == pytest.approx(1.0)
    env = TabularEnv(cliff_walking(), start_distribution=start)
    assert env.reset(seed=0)[0] == CLIFF_WALKING_START


def test_fickle_taxi_is_refused():
    with pytest.raises(ValueError, match="fickle_passenger"):
        from_toy_text(TaxiEnv(fickle_passenger=True), 0.99)


def test_env_without_a_table_is_refused():
    with pytest.raises(ValueError, match="no transition table"):
        from_toy_text(TabularEnv(frozen_lake()), 0.99)


def test_unknown_frozen_lake_map_is_refused():
    with pytest.raises(ValueError, match="map_name"):
        frozen_lake("5x5")
