"""Atari-lite: the gymnasium contract, the rules each game documents, and the lecture's phi.

The scripted policies below look only at the observed frame (the grid is read back from it), so a
test that "tracks the ball" plays from the same pixels a DQN would see.
"""

from __future__ import annotations

import warnings

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import envs.atari_lite as atari_lite
from envs.atari_lite import GAMES, Breakout, Catch, FrameStack, Pong, phi, register_games, upscale
from envs.atari_lite.screen import pixel_to_cell

CATCH, BREAKOUT, PONG = "AtariLite/Catch-v0", "AtariLite/Breakout-v0", "AtariLite/Pong-v0"
IDS = [CATCH, BREAKOUT, PONG]
# The gray levels each game's docstring promises.
LEVELS = {
    CATCH: {0, 128, 255},
    BREAKOUT: {0, 64, 96, 128, 192, 255},
    PONG: {0, 128, 192, 255},
}
STAY, LEFT, RIGHT = 0, 1, 2
UP, DOWN = 1, 2


# --- helpers ------------------------------------------------------------------------------------


def make(env_id: str, **kwargs) -> gym.Env:
    return gym.make(env_id, **kwargs)


def read_grid(frame: np.ndarray, grid_size: int = 10) -> np.ndarray:
    """The game's grid read back from a frame: one pixel per cell."""
    first_pixel = np.searchsorted(pixel_to_cell(grid_size, frame.shape[-1]), np.arange(grid_size))
    return frame[np.ix_(first_pixel, first_pixel)]


def ball_position(grid: np.ndarray) -> tuple[int, int]:
    rows, cols = np.nonzero(grid == 255)
    assert len(rows) == 1, f"expected exactly one ball (level 255) in the grid, found {len(rows)}"
    return int(rows[0]), int(cols[0])


def move_towards(position: int, target: int, smaller: int, larger: int) -> int:
    if target < position:
        return smaller
    if target > position:
        return larger
    return STAY


def track_catch(frame: np.ndarray, grid_size: int = 10) -> int:
    """Move the paddle's left cell under the ball."""
    grid = read_grid(frame, grid_size)
    _, ball_x = ball_position(grid)
    paddle = np.flatnonzero(grid[-1] == 128)
    if paddle[0] <= ball_x <= paddle[-1]:
        return STAY
    return move_towards(int(paddle[0]), ball_x, LEFT, RIGHT)


def track_breakout(frame: np.ndarray) -> int:
    """Keep the two-cell paddle under the ball's column."""
    grid = read_grid(frame)
    _, ball_x = ball_position(grid)
    paddle = np.flatnonzero(grid[-1] == 192)
    if paddle[0] <= ball_x <= paddle[-1]:
        return STAY
    return move_towards(int(paddle[0]), ball_x, LEFT, RIGHT)


def track_pong(frame: np.ndarray) -> int:
    """Keep the centre of the agent's paddle (right column) on the ball's row."""
    grid = read_grid(frame)
    ball_y, _ = ball_position(grid)
    paddle = np.flatnonzero(grid[:, -1] == 192)
    return move_towards(int(paddle[1]), ball_y, UP, DOWN)


TRACKERS = {CATCH: track_catch, BREAKOUT: track_breakout, PONG: track_pong}


def play(env: gym.Env, policy, seed: int, max_steps: int = 10_000):
    """One episode: (frames including the first, rewards, terminated, truncated)."""
    frame, _ = env.reset(seed=seed)
    frames, rewards = [frame], []
    for _ in range(max_steps):
        frame, reward, terminated, truncated, _ = env.step(policy(frame))
        frames.append(frame)
        rewards.append(reward)
        if terminated or truncated:
            return frames, rewards, terminated, truncated
    raise AssertionError(f"the episode did not end within {max_steps} steps")


def random_policy(seed: int):
    rng = np.random.default_rng(seed)
    return lambda frame: int(rng.integers(3))


# --- gymnasium contract -------------------------------------------------------------------------


@pytest.mark.parametrize("env_id", IDS)
def test_check_env_passes_without_warnings(env_id):
    env = make(env_id, frame_size=24, render_mode="rgb_array")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env.unwrapped)
    messages = [str(w.message) for w in caught]
    assert not messages, f"gymnasium's check_env warned about {env_id}: {messages}"


def test_registration_is_idempotent_and_sets_time_limits():
    assert set(GAMES) == set(IDS)
    assert register_games() == register_games()
    for env_id, (_, max_episode_steps) in GAMES.items():
        spec = gym.spec(env_id)
        assert spec.max_episode_steps == max_episode_steps, (
            f"{env_id} must be registered with its time limit (truncation)"
        )
        assert spec.namespace == "AtariLite" and spec.version == 0


@pytest.mark.parametrize("env_id", IDS)
@pytest.mark.parametrize("frame_size", [20, 24, 32, 84])
def test_observations_are_uint8_frames_of_the_documented_levels(env_id, frame_size):
    env = make(env_id, frame_size=frame_size)
    assert env.observation_space == gym.spaces.Box(0, 255, (frame_size, frame_size), np.uint8)
    assert env.action_space == gym.spaces.Discrete(3)
    frames, *_ = play(env, random_policy(0), seed=0)
    for frame in frames:
        assert isinstance(frame, np.ndarray) and frame.dtype == np.uint8
        assert frame.shape == (frame_size, frame_size)
        assert env.observation_space.contains(frame)
        assert set(np.unique(frame).tolist()) <= LEVELS[env_id]
    assert frames[0].max() == 255, "the ball (level 255) must be visible at the start"


def test_default_frame_size_is_the_papers_84():
    env = make(CATCH)
    frame, _ = env.reset(seed=0)
    assert frame.shape == (84, 84)


@pytest.mark.parametrize("env_cls", [Catch, Breakout, Pong])
def test_too_small_frames_and_bad_render_modes_are_refused(env_cls):
    with pytest.raises(ValueError, match="frame_size"):
        env_cls(frame_size=9)
    with pytest.raises(ValueError, match="render_mode"):
        env_cls(render_mode="human")


@pytest.mark.parametrize("env_id", IDS)
@pytest.mark.parametrize("frame_size", [20, 84])
def test_every_frame_is_the_grid_upscaled(env_id, frame_size):
    # The games repaint only the cells that change; the frame must still equal a full
    # nearest-neighbour redraw of the game's state, step after step, across resets.
    env = make(env_id, frame_size=frame_size).unwrapped
    policy = random_policy(1)
    frame, _ = env.reset(seed=1)
    for step in range(1500):
        assert np.array_equal(frame, upscale(env.grid(), frame_size)), (
            f"{env_id}: frame differs from the redrawn grid at step {step}"
        )
        frame, _, terminated, truncated, _ = env.step(policy(frame))
        if terminated or truncated:
            assert np.array_equal(frame, upscale(env.grid(), frame_size))
            frame, _ = env.reset()


def test_nearest_neighbour_upscaling_gives_every_cell_a_block_of_pixels():
    for frame_size in (10, 20, 24, 32, 84):
        cells = pixel_to_cell(10, frame_size)
        assert cells[0] == 0 and cells[-1] == 9 and np.all(np.diff(cells) >= 0)
        sizes = np.bincount(cells, minlength=10)
        assert sizes.min() >= frame_size // 10 and sizes.max() - sizes.min() <= 1
    grid = np.arange(100, dtype=np.uint8).reshape(10, 10)
    assert np.array_equal(upscale(grid, 20), grid.repeat(2, axis=0).repeat(2, axis=1))


@pytest.mark.parametrize("env_id", IDS)
def test_observations_are_fresh_arrays(env_id):
    env = make(env_id, frame_size=20)
    first, _ = env.reset(seed=0)
    kept = first.copy()
    second, *_ = env.step(STAY)
    second[...] = 7  # a careless agent writes into an observation
    third, *_ = env.step(STAY)
    assert np.array_equal(first, kept), "an earlier observation changed after later steps"
    assert not np.any(third == 7), "writing into an observation changed the game's frame"


# --- seeding ------------------------------------------------------------------------------------


@pytest.mark.parametrize("env_id", IDS)
def test_same_seed_and_actions_give_the_same_episode(env_id):
    first = make(env_id, frame_size=20)
    second = make(env_id, frame_size=20)
    second.reset(seed=99)
    for _ in range(37):  # history before a seeded reset must not matter
        second.step(1)
    episodes = []
    for env in (first, second):
        frames, rewards, terminated, truncated = play(env, random_policy(5), seed=123)
        episodes.append((np.stack(frames), rewards, terminated, truncated))
    assert np.array_equal(episodes[0][0], episodes[1][0]), "same seed, same actions: frames differ"
    assert episodes[0][1:] == episodes[1][1:], "same seed, same actions: rewards or ends differ"


@pytest.mark.parametrize("env_id", IDS)
def test_different_seeds_give_different_episodes(env_id):
    starts = set()
    for seed in range(10):
        frames, *_ = play(make(env_id, frame_size=20), lambda frame: STAY, seed=seed)
        starts.add(np.stack(frames[:20]).tobytes())
    assert len(starts) >= 3, f"10 seeds gave only {len(starts)} different episodes"


@pytest.mark.parametrize("env_id", IDS)
def test_unseeded_resets_continue_the_random_stream(env_id):
    env = make(env_id, frame_size=20)
    env.reset(seed=0)
    starts = {env.reset()[0].tobytes() for _ in range(10)}
    assert len(starts) >= 3, "reset() without a seed keeps serving the same start"


# --- episode ends -------------------------------------------------------------------------------


@pytest.mark.parametrize("env_id", IDS)
def test_random_play_terminates(env_id):
    for seed in range(3):
        _, _, terminated, truncated = play(make(env_id, frame_size=20), random_policy(seed), seed)
        assert terminated and not truncated


@pytest.mark.parametrize("env_id", IDS)
def test_the_time_limit_truncates(env_id):
    # No game can end within 3 steps (the ball needs at least 5 to reach a paddle's row).
    env = make(env_id, frame_size=20, max_episode_steps=3)
    frames, rewards, terminated, truncated = play(env, random_policy(0), seed=0)
    assert len(rewards) == 3 and truncated and not terminated


def test_catch_is_truncated_at_its_registered_limit():
    env = make(CATCH, frame_size=20, num_balls=1000)
    _, rewards, terminated, truncated = play(env, track_catch, seed=0)
    assert truncated and not terminated
    assert len(rewards) == GAMES[CATCH][1]


@pytest.mark.parametrize("env_id", IDS)
def test_stepping_after_game_over_changes_nothing(env_id):
    env = make(env_id, frame_size=20).unwrapped
    frames, *_ = play(env, lambda frame: STAY, seed=0)
    for action in range(3):
        frame, reward, terminated, truncated, _ = env.step(action)
        assert np.array_equal(frame, frames[-1]) and reward == 0.0
        assert terminated and not truncated


# --- rewards as documented ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs", [{}, {"num_balls": 3}, {"grid_size": 5, "paddle_width": 2, "frame_size": 20}]
)
def test_catch_tracking_the_ball_catches_every_ball(kwargs):
    kwargs = {"frame_size": 20} | kwargs
    grid_size = kwargs.get("grid_size", 10)
    num_balls = kwargs.get("num_balls", 5)
    env = make(CATCH, **kwargs)
    for seed in range(10):
        _, rewards, terminated, _ = play(env, lambda f: track_catch(f, grid_size), seed)
        assert terminated and sum(rewards) == num_balls
        assert len(rewards) == num_balls * (grid_size - 1), "each ball falls grid_size - 1 steps"
        landings = [t for t, r in enumerate(rewards) if r != 0]
        assert landings == [(grid_size - 1) * k - 1 for k in range(1, num_balls + 1)]


def test_catch_standing_still_misses_and_a_miss_ends_the_episode():
    returns = []
    for seed in range(20):
        _, rewards, terminated, _ = play(make(CATCH, frame_size=20), lambda f: STAY, seed)
        assert terminated and set(rewards) <= {-1.0, 0.0, 1.0}
        if -1.0 in rewards:
            assert rewards[-1] == -1.0 and rewards.count(-1.0) == 1
        returns.append(sum(rewards))
    assert min(returns) == -1.0, "a still paddle should miss some balls"
    assert max(returns) >= 1.0, "a ball falling onto a still paddle is caught"


@pytest.mark.parametrize("env_id", IDS)
def test_tracking_the_ball_beats_random_play(env_id):
    env = make(env_id, frame_size=20, max_episode_steps=300)
    tracked = np.mean([sum(play(env, TRACKERS[env_id], seed)[1]) for seed in range(5)])
    random = np.mean([sum(play(env, random_policy(seed), seed)[1]) for seed in range(20)])
    assert tracked >= random + 2.0, f"tracking scored {tracked}, random play {random}"


def test_breakout_pays_one_point_per_broken_brick():
    env = make(BREAKOUT, frame_size=20, max_episode_steps=300)
    for seed in range(3):
        frames, rewards, _, _ = play(env, track_breakout, seed)
        bricks = [int(np.isin(read_grid(f), [64, 96, 128]).sum()) for f in frames]
        assert set(rewards) <= {0.0, 1.0}
        assert bricks[0] == 30
        assert [bricks[0] - b for b in bricks[1:]] == np.cumsum(rewards).tolist()


def test_breakout_ends_when_the_ball_is_lost():
    frames, rewards, terminated, _ = play(make(BREAKOUT, frame_size=20), lambda f: STAY, seed=4)
    ball_y, _ = ball_position(read_grid(frames[-1]))
    assert terminated and ball_y == 9, "the last frame shows the ball in the bottom row"
    assert sum(rewards) == 0


def test_breakout_ends_when_the_last_brick_breaks():
    env = make(BREAKOUT, frame_size=20)
    env.reset(seed=0)
    game = env.unwrapped
    # Leave one brick, at row 3 column 5, and send the ball at it from row 4 column 4.
    game._bricks = [[False] * 10 for _ in range(10)]
    game._bricks[3][5] = True
    game._bricks_left = 1
    game._ball_y, game._ball_x, game._dy, game._dx = 4, 4, -1, 1
    _, reward, terminated, truncated, _ = env.step(STAY)
    assert reward == 1.0 and terminated and not truncated


def test_pong_ends_when_a_side_has_three_points():
    for policy, seed in [(track_pong, 0), (random_policy(1), 1), (lambda f: STAY, 2)]:
        _, rewards, terminated, _ = play(make(PONG, frame_size=20), policy, seed)
        assert terminated and set(rewards) <= {-1.0, 0.0, 1.0}
        assert 3 in (rewards.count(1.0), rewards.count(-1.0))
        assert rewards.count(1.0) < 3 or rewards.count(-1.0) < 3


def test_pong_a_still_computer_loses_to_tracking():
    # With cpu_skill=0 the computer never moves: the ball gets past it.
    env = make(PONG, frame_size=20, cpu_skill=0.0)
    for seed in range(5):
        _, rewards, terminated, _ = play(env, track_pong, seed)
        assert terminated and rewards.count(1.0) == 3


# --- the lecture's phi --------------------------------------------------------------------------


def test_frame_stack_fills_on_reset_and_shifts_on_step():
    stacked = FrameStack(make(CATCH, frame_size=20), num_frames=4)
    plain = make(CATCH, frame_size=20)
    assert stacked.observation_space == gym.spaces.Box(0, 255, (4, 20, 20), np.uint8)
    obs, _ = stacked.reset(seed=3)
    frame, _ = plain.reset(seed=3)
    history = [frame]
    assert obs.shape == (4, 20, 20) and obs.dtype == np.uint8
    assert all(np.array_equal(obs[k], frame) for k in range(4)), "reset fills the stack"
    policy = random_policy(0)
    for _ in range(30):
        action = policy(frame)
        previous = obs
        obs, reward, terminated, truncated, _ = stacked.step(action)
        frame, plain_reward, plain_terminated, _, _ = plain.step(action)
        history.append(frame)
        assert stacked.observation_space.contains(obs)
        assert np.array_equal(obs[:-1], previous[1:]), "the stack drops its oldest frame"
        assert np.array_equal(obs[-1], frame), "the newest frame comes last"
        assert np.array_equal(obs, phi(history, num_frames=4))
        assert (reward, terminated) == (plain_reward, plain_terminated)
        if terminated or truncated:
            obs, _ = stacked.reset()
            frame, _ = plain.reset()
            history = [frame]


def test_frame_stack_observations_are_fresh_arrays():
    env = FrameStack(make(CATCH, frame_size=20), num_frames=2)
    first, _ = env.reset(seed=0)
    kept = first.copy()
    env.step(STAY)
    env.step(STAY)
    assert np.array_equal(first, kept)


def test_phi_pads_with_the_first_frame_and_keeps_the_last_ones():
    frames = [np.full((2, 3), level, np.uint8) for level in (10, 20, 30, 40, 50, 60)]
    assert phi(frames[:1], 4)[:, 0, 0].tolist() == [10, 10, 10, 10]
    assert phi(frames[:2], 4)[:, 0, 0].tolist() == [10, 10, 10, 20]
    assert phi(frames, 4)[:, 0, 0].tolist() == [30, 40, 50, 60]
    assert phi(frames, 1).shape == (1, 2, 3) and phi(frames, 4).dtype == np.uint8
    with pytest.raises(ValueError):
        phi([], 4)


# --- rendering ----------------------------------------------------------------------------------


@pytest.mark.parametrize("env_id", IDS)
@pytest.mark.parametrize("frame_size", [20, 84])
def test_rgb_render_is_a_colour_image_of_the_frame(env_id, frame_size):
    env = make(env_id, frame_size=frame_size, render_mode="rgb_array")
    frame, _ = env.reset(seed=0)
    image = env.render()
    assert image.shape == (frame_size, frame_size, 3) and image.dtype == np.uint8
    assert np.all(image[frame == 0] == 0), "the background is black"
    assert np.all(image[frame != 0].max(axis=-1) > 0), "objects are visible"


def test_render_without_a_mode_returns_none():
    env = make(CATCH, frame_size=20)
    env.reset(seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert env.render() is None


def test_the_package_exports_its_api():
    for name in ("Catch", "Breakout", "Pong", "FrameStack", "phi", "register_games"):
        assert name in atari_lite.__all__
