"""Breakout: bounce the ball off the paddle to break the bricks.

## Description
A 10 x 10 board. Three rows of bricks (rows 1 to 3) hang below an empty top row; a paddle two cells
wide slides along the bottom row. The ball moves diagonally, one cell per step, and bounces off the
side walls and the ceiling. A ball that would enter a brick breaks it and bounces back vertically
(staying where it is for that step). A ball that lands on the paddle bounces up from where it hit,
leaving to the left off the paddle's left cell and to the right off its right cell (it moves one
cell sideways in row 8 that step); a ball that only clips the paddle's corner is sent straight back
(and stays where it is that step). A ball that reaches the bottom row anywhere else is lost.
Only the paddle changes the colour of the ball's checkerboard square (the parity of row + column):
a straight hit does, a corner clip does not, and half of the bricks are on each colour.
One frame does not show which way the ball moves: stack frames (`FrameStack`) to see it.

## Action space
`Discrete(3)`: 0 = stay, 1 = move left, 2 = move right (one cell; the paddle stops at the walls).

## Observation space
`Box(0, 255, (frame_size, frame_size), uint8)`: a grayscale frame, the grid upscaled by nearest
neighbour. Gray levels: background 0, bricks 64 / 96 / 128 (rows 1 / 2 / 3), paddle 192, ball 255.

## Rewards
+1 for every brick broken, 0 otherwise: an episode scores 0 to 30. A random policy scores about
0.5; keeping the paddle under the ball keeps it in play but scores only about 11 before the time
limit; aiming (landing the ball on the paddle cell that sends it towards the remaining bricks)
scores about 30.

## Starting state
All 30 bricks, the paddle in the middle (columns 4 and 5), the ball in row 4 at a uniformly random
column moving down, to the left or right with equal probability.

## Episode end
Terminated when the ball is lost or the last brick is broken. Registered with
`max_episode_steps=1000` (truncation).

## Arguments
```python
gymnasium.make("AtariLite/Breakout-v0", frame_size=84, render_mode=None)
```
`frame_size`: side of the observed frame in pixels (at least 10). `render_mode`: None or
"rgb_array".

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
GRID_SIZE = 10
BRICK_ROWS = {1: 64, 2: 96, 3: 128}  # row -> gray level
PADDLE = 192
PADDLE_WIDTH = 2
BALL_START_ROW = 4


class Breakout(GridGame):
    """Break the bricks with a bouncing ball (see the module docstring)."""

    palette = {
        64: (200, 72, 72),
        96: (198, 108, 58),
        128: (180, 122, 48),
        PADDLE: (200, 200, 200),
        BALL: (255, 255, 255),
    }

    def __init__(self, frame_size: int = 84, render_mode: str | None = None) -> None:
        super().__init__(frame_size=frame_size, grid_size=GRID_SIZE, render_mode=render_mode)

    def _start_grid(self) -> np.ndarray:
        grid = np.full((GRID_SIZE, GRID_SIZE), BACKGROUND, dtype=np.uint8)
        for row, level in BRICK_ROWS.items():
            grid[row, :] = level
        start = (GRID_SIZE - PADDLE_WIDTH) // 2
        grid[-1, start : start + PADDLE_WIDTH] = PADDLE
        return grid

    def _new_game(self) -> None:
        # bricks[y][x] is True while the brick at row y, column x stands.
        self._bricks = [[y in BRICK_ROWS] * GRID_SIZE for y in range(GRID_SIZE)]
        self._bricks_left = len(BRICK_ROWS) * GRID_SIZE
        self._paddle = (GRID_SIZE - PADDLE_WIDTH) // 2  # leftmost paddle cell
        self._ball_y = BALL_START_ROW
        self._ball_x = int(self._uniform() * GRID_SIZE)
        self._dy = 1
        self._dx = 1 if self._uniform() < 0.5 else -1
        self._cells[self._ball_y][self._ball_x].fill(BALL)

    def grid(self) -> np.ndarray:
        grid = np.full((GRID_SIZE, GRID_SIZE), BACKGROUND, dtype=np.uint8)
        for row, level in BRICK_ROWS.items():
            grid[row, self._bricks[row]] = level
        grid[-1, self._paddle : self._paddle + PADDLE_WIDTH] = PADDLE
        grid[self._ball_y, self._ball_x] = BALL
        return grid

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        if self._over:
            return self._finished_step()
        cells = self._cells
        bottom = GRID_SIZE - 1

        # 1. The paddle moves (repaint the cell it leaves and the cell it enters).
        left = self._paddle
        new_left = left + _MOVE[action]
        if new_left != left and 0 <= new_left <= GRID_SIZE - PADDLE_WIDTH:
            if new_left > left:
                cells[bottom][left].fill(BACKGROUND)
                cells[bottom][new_left + PADDLE_WIDTH - 1].fill(PADDLE)
            else:
                cells[bottom][left + PADDLE_WIDTH - 1].fill(BACKGROUND)
                cells[bottom][new_left].fill(PADDLE)
            self._paddle = left = new_left

        # 2. The ball moves diagonally, bouncing off the walls and the ceiling.
        y = self._ball_y
        x = self._ball_x
        dy = self._dy
        dx = self._dx
        new_x = x + dx
        if new_x < 0 or new_x >= GRID_SIZE:
            dx = -dx
            new_x = x + dx
        new_y = y + dy
        if new_y < 0:
            dy = -dy
            new_y = y + dy

        # 3. Bricks, paddle, or the ball is lost.
        reward = 0.0
        terminated = False
        if self._bricks[new_y][new_x]:
            self._bricks[new_y][new_x] = False
            cells[new_y][new_x].fill(BACKGROUND)
            reward = 1.0
            self._bricks_left -= 1
            terminated = self._bricks_left == 0
            dy = -dy
            new_y, new_x = y, x
        elif new_y == bottom:
            if left <= new_x < left + PADDLE_WIDTH:  # lands on the paddle: rolls along it
                dy = -1
                dx = -1 if new_x == left else 1
                new_y = y
            elif left <= x < left + PADDLE_WIDTH:  # clips the paddle's corner
                dy = -1
                dx = -dx
                new_y, new_x = y, x
            else:
                terminated = True
        if new_y != y or new_x != x:
            cells[y][x].fill(BACKGROUND)
            cells[new_y][new_x].fill(BALL)
        self._ball_y = new_y
        self._ball_x = new_x
        self._dy = dy
        self._dx = dx
        self._over = terminated
        return self._frame.copy(), reward, terminated, False, {}
