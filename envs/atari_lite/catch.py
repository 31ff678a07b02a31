"""Catch: a ball falls straight down; move the paddle under it.

## Description
A `grid_size` x `grid_size` board (10 x 10 by default). A ball appears in the top row at a random
column and falls one row per step. The paddle (`paddle_width` cells, 1 by default) slides along the
bottom row. When the ball reaches the bottom row it is caught if a paddle cell is under it, and the
next ball appears at the top. The smallest pixel game on which the lecture's DQN learns: the ball's
column is all the agent needs to see.

## Action space
`Discrete(3)`: 0 = stay, 1 = move left, 2 = move right (one cell; the paddle stops at the walls).

## Observation space
`Box(0, 255, (frame_size, frame_size), uint8)`: a grayscale frame, the grid upscaled by nearest
neighbour. Gray levels: background 0, paddle 128, ball 255.

## Rewards
+1 when a ball is caught, -1 when it is missed, 0 on every other step. Each ball takes
`grid_size - 1` steps to fall (9 by default) and the paddle can always reach it, so a policy that
tracks the ball scores `num_balls`; a random policy averages about -0.8 (10 x 10, width 1).

## Starting state
The paddle in the middle of the bottom row, the first ball in the top row at a uniformly random
column.

## Episode end
Terminated after the first miss or after `num_balls` balls (default 5), that is after at most
`num_balls * (grid_size - 1)` steps (45). Registered with `max_episode_steps=500`.

## Arguments
```python
gymnasium.make("AtariLite/Catch-v0", frame_size=84, num_balls=5, grid_size=10, paddle_width=1,
               render_mode=None)
```
`frame_size`: side of the observed frame in pixels (at least `grid_size`; the lecture's network
needs at least 20). `render_mode`: None or "rgb_array".

## Version history
v0: first version.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from envs.atari_lite.game import GridGame
from envs.atari_lite.screen import BACKGROUND, BALL

STAY, LEFT, RIGHT = 0, 1, 2
_MOVE = (0, -1, 1)
PADDLE = 128


class Catch(GridGame):
    """Catch the falling balls with a paddle (see the module docstring)."""

    palette = {PADDLE: (80, 160, 255), BALL: (255, 220, 0)}

    def __init__(
        self,
        frame_size: int = 84,
        num_balls: int = 5,
        grid_size: int = 10,
        paddle_width: int = 1,
        render_mode: str | None = None,
    ) -> None:
        if grid_size < 2:
            raise ValueError(f"grid_size must be at least 2, got {grid_size}.")
        if num_balls < 1:
            raise ValueError(f"num_balls must be at least 1, got {num_balls}.")
        if not 1 <= paddle_width <= grid_size:
            raise ValueError(f"paddle_width must be in [1, grid_size], got {paddle_width}.")
        super().__init__(frame_size=frame_size, grid_size=grid_size, render_mode=render_mode)
        self.num_balls = int(num_balls)
        self.paddle_width = int(paddle_width)

    def _start_grid(self) -> np.ndarray:
        grid = np.full((self.grid_size, self.grid_size), BACKGROUND, dtype=np.uint8)
        start = (self.grid_size - self.paddle_width) // 2
        grid[-1, start : start + self.paddle_width] = PADDLE
        return grid

    def _new_game(self) -> None:
        self._paddle = (self.grid_size - self.paddle_width) // 2  # leftmost paddle cell
        self._balls_left = self.num_balls
        self._drop_ball()

    def _drop_ball(self) -> None:
        """A new ball in the top row at a random column, painted."""
        self._ball_y = 0
        self._ball_x = int(self._uniform() * self.grid_size)
        self._cells[0][self._ball_x].fill(BALL)

    def grid(self) -> np.ndarray:
        grid = np.full((self.grid_size, self.grid_size), BACKGROUND, dtype=np.uint8)
        grid[-1, self._paddle : self._paddle + self.paddle_width] = PADDLE
        grid[self._ball_y, self._ball_x] = BALL
        return grid

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        if self._over:
            return self._finished_step()
        cells = self._cells
        bottom = cells[-1]
        width = self.paddle_width

        # 1. The paddle moves (repaint the cell it leaves and the cell it enters).
        left = self._paddle
        new_left = left + _MOVE[action]
        if new_left != left and 0 <= new_left <= self.grid_size - width:
            if new_left > left:
                bottom[left].fill(BACKGROUND)
                bottom[new_left + width - 1].fill(PADDLE)
            else:
                bottom[left + width - 1].fill(BACKGROUND)
                bottom[new_left].fill(PADDLE)
            self._paddle = left = new_left

        # 2. The ball falls one row.
        y = self._ball_y
        x = self._ball_x
        cells[y][x].fill(BACKGROUND)
        y += 1
        if y < self.grid_size - 1:
            self._ball_y = y
            cells[y][x].fill(BALL)
            return self._frame.copy(), 0.0, False, False, {}

        # 3. It reached the bottom row: caught or missed.
        caught = left <= x < left + width
        self._balls_left -= 1
        if caught and self._balls_left > 0:
            self._drop_ball()
            return self._frame.copy(), 1.0, False, False, {}
        self._over = True
        self._ball_y = y  # the last frame shows where the ball landed
        bottom[x].fill(BALL)
        return self._frame.copy(), 1.0 if caught else -1.0, True, False, {}
