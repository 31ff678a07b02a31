"""What every Atari-lite game shares: the gymnasium plumbing around a `Screen`.

A game subclasses `GridGame` and writes:
- `_start_grid()`: the part of the first frame that is the same in every episode (bricks, paddles
  in their starting place), a (grid_size, grid_size) uint8 array of gray levels;
- `_new_game()`: set the state of a new episode and paint what `_start_grid` does not show (the
  ball at its random start);
- `step(action)`: the rules, repainting only the cells that change;
- `grid()`: the current state as a (grid_size, grid_size) uint8 array, the slow reference the
  tests compare every frame with;
- `palette`, the colours of `render()`.

Randomness: `reset(seed=...)` seeds gymnasium's `self.np_random`, which draws blocks of uniform
numbers that the rules consume one by one through `_uniform()` (one numpy call per block instead of
one per draw keeps `step` and `reset` fast). A seeded reset starts a fresh block, so the same seed
and the same actions give the same episode; `reset()` without a seed continues the stream.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from envs.atari_lite.screen import Screen, gray_to_rgb, upscale

_RANDOM_BLOCK = 256


class GridGame(gym.Env):
    """Base class of the Atari-lite games (see the module docstring); not an environment itself."""

    metadata = {"render_modes": ["rgb_array"], "render_fps": 10}
    # Gray level -> RGB colour used by render(); levels not listed are drawn gray.
    palette: dict[int, tuple[int, int, int]] = {}

    def __init__(
        self, frame_size: int = 84, grid_size: int = 10, render_mode: str | None = None
    ) -> None:
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(
                f"render_mode={render_mode!r} is not supported; use one of "
                f"{self.metadata['render_modes']} or None."
            )
        self.render_mode = render_mode
        self.grid_size = int(grid_size)
        self.frame_size = int(frame_size)
        self.screen = Screen(self.grid_size, self.frame_size)
        # Shortcuts for step(), which runs millions of times: one attribute lookup, not two.
        self._cells = self.screen.cells
        self._frame = self.screen.frame
        self.observation_space = spaces.Box(
            low=0, high=255, shape=(self.frame_size, self.frame_size), dtype=np.uint8
        )
        self.action_space = spaces.Discrete(3)
        self._uniforms: list[float] = []
        self._start_frame: np.ndarray | None = None
        self._over = True

    # --- to be written by each game -------------------------------------------------------------

    def _start_grid(self) -> np.ndarray:
        raise NotImplementedError

    def _new_game(self) -> None:
        raise NotImplementedError

    def grid(self) -> np.ndarray:
        """The current state as a (grid_size, grid_size) uint8 array of gray levels."""
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------------

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        super().reset(seed=seed)
        if seed is not None or not self._uniforms:
            self._uniforms = self.np_random.random(_RANDOM_BLOCK).tolist()
        if self._start_frame is None:
            self._start_frame = upscale(self._start_grid(), self.frame_size)
        self._frame[...] = self._start_frame
        self._over = False
        self._new_game()
        return self._frame.copy(), {}

    def _uniform(self) -> float:
        """The next uniform number in [0, 1) from the seeded stream."""
        if not self._uniforms:
            self._uniforms = self.np_random.random(_RANDOM_BLOCK).tolist()
        return self._uniforms.pop()

    def _finished_step(self) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """What `step` returns after game over: the last frame again, no reward."""
        return self._frame.copy(), 0.0, True, False, {}

    def render(self) -> np.ndarray | None:
        """The frame in colour, (frame_size, frame_size, 3) uint8 (for render_mode="rgb_array")."""
        if self.render_mode is None:
            gym.logger.warn(
                "render() called without a render_mode; make the env with render_mode='rgb_array'."
            )
            return None
        return gray_to_rgb(self.screen.frame, self.palette)
