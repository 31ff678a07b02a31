"""Pong: return the ball past the computer's paddle.

## Description
A 10 x 10 board. The agent's paddle (3 cells tall) moves up and down the right column; the
computer's paddle moves along the left column. The ball moves one column per step, horizontally,
diagonally up or diagonally down, and bounces off the top and bottom walls. A ball that reaches a
paddle's column where the paddle is bounces back (staying where it is for that step): off the
agent's top cell it leaves diagonally up, off its middle cell straight, off its bottom cell
diagonally down; the computer returns it at one of these three angles chosen at random. A ball
that reaches a column where the paddle is not scores a point for the other side, and the next ball
is served from the middle. The computer follows the ball, one cell per step, but only on a
fraction `cpu_skill` of the steps (chosen at random), so it misses balls that move diagonally.
One frame does not show which way the ball moves: stack frames (`FrameStack`) to see it.

## Action space
`Discrete(3)`: 0 = stay, 1 = move up, 2 = move down (one cell; the paddle stops at the walls).

## Observation space
`Box(0, 255, (frame_size, frame_size), uint8)`: a grayscale frame, the grid upscaled by nearest
neighbour. Gray levels: background 0, computer's paddle 128, agent's paddle 192, ball 255.

## Rewards
+1 when the computer misses the ball, -1 when the agent misses it, 0 otherwise: an episode scores
between -`points_to_win` and +`points_to_win`. With the defaults a random policy scores about -2
and a policy that keeps its paddle centred on the ball about +3 (it seldom misses).

## Starting state
Both paddles centred (rows 3 to 5). The ball is served from the middle (column 4 towards the agent
or column 5 towards the computer, with equal probability) at a uniformly random row from 2 to 7,
moving horizontally, up or down with equal probability. Every later ball is served the same way.

## Episode end
Terminated when one side has `points_to_win` points (3 by default). Registered with
`max_episode_steps=1000` (truncation).

## Arguments
```python
gymnasium.make("AtariLite/Pong-v0", frame_size=84, points_to_win=3, cpu_skill=0.8,
               render_mode=None)
```
`frame_size`: side of the observed frame in pixels (at least 10). `cpu_skill`: probability in
[0, 1] that the computer moves towards the ball on a step. `render_mode`: None or "rgb_array".

## Version history
v0: first version.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from envs.atari_lite.game import GridGame
from envs.atari_lite.screen import BACKGROUND, BALL

STAY, UP, DOWN = 0, 1, 2
_MOVE = (0, -1, 1)
GRID_SIZE = 10
PADDLE_HEIGHT = 3
CPU_PADDLE = 128
AGENT_PADDLE = 192
_CPU_COLUMN = 0
_AGENT_COLUMN = GRID_SIZE - 1
_LOWEST_TOP = GRID_SIZE - PADDLE_HEIGHT  # top cell of a paddle at the bottom wall
_START_TOP = (GRID_SIZE - PADDLE_HEIGHT) // 2


class Pong(GridGame):
    """Play Pong against a slow computer opponent (see the module docstring)."""

    palette = {
        CPU_PADDLE: (213, 130, 74),
        AGENT_PADDLE: (92, 186, 92),
        BALL: (236, 236, 236),
    }

    def __init__(
        self,
        frame_size: int = 84,
        points_to_win: int = 3,
        cpu_skill: float = 0.8,
        render_mode: str | None = None,
    ) -> None:
        if points_to_win < 1:
            raise ValueError(f"points_to_win must be at least 1, got {points_to_win}.")
        if not 0.0 <= cpu_skill <= 1.0:
            raise ValueError(f"cpu_skill must be in [0, 1], got {cpu_skill}.")
        super().__init__(frame_size=frame_size, grid_size=GRID_SIZE, render_mode=render_mode)
        self.points_to_win = int(points_to_win)
        self.cpu_skill = float(cpu_skill)

    def _start_grid(self) -> np.ndarray:
        grid = np.full((GRID_SIZE, GRID_SIZE), BACKGROUND, dtype=np.uint8)
        grid[_START_TOP : _START_TOP + PADDLE_HEIGHT, _CPU_COLUMN] = CPU_PADDLE
        grid[_START_TOP : _START_TOP + PADDLE_HEIGHT, _AGENT_COLUMN] = AGENT_PADDLE
        return grid

    def _new_game(self) -> None:
        self._agent = _START_TOP  # top cell of each paddle
        self._cpu = _START_TOP
        self._agent_score = 0
        self._cpu_score = 0
        self._serve()

    def _serve(self) -> None:
        """A new ball from the middle, painted."""
        self._dx = 1 if self._uniform() < 0.5 else -1
        self._ball_x = GRID_SIZE // 2 - 1 if self._dx == 1 else GRID_SIZE // 2
        self._ball_y = 2 + int(self._uniform() * (GRID_SIZE - 4))
        self._dy = int(self._uniform() * 3) - 1
        self._cells[self._ball_y][self._ball_x].fill(BALL)

    def grid(self) -> np.ndarray:
        grid = np.full((GRID_SIZE, GRID_SIZE), BACKGROUND, dtype=np.uint8)
        grid[self._cpu : self._cpu + PADDLE_HEIGHT, _CPU_COLUMN] = CPU_PADDLE
        grid[self._agent : self._agent + PADDLE_HEIGHT, _AGENT_COLUMN] = AGENT_PADDLE
        grid[self._ball_y, self._ball_x] = BALL
        return grid

    def step(self, action: int) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        if self._over:
            return self._finished_step()
        cells = self._cells
        y = self._ball_y
        x = self._ball_x

        # 1. The agent's paddle moves (repaint the cell it leaves and the cell it enters).
        agent = self._agent
        new_top = agent + _MOVE[action]
        if new_top != agent and 0 <= new_top <= _LOWEST_TOP:
            if new_top > agent:
                cells[agent][_AGENT_COLUMN].fill(BACKGROUND)
                cells[agent + PADDLE_HEIGHT][_AGENT_COLUMN].fill(AGENT_PADDLE)
            else:
                cells[agent + PADDLE_HEIGHT - 1][_AGENT_COLUMN].fill(BACKGROUND)
                cells[new_top][_AGENT_COLUMN].fill(AGENT_PADDLE)
            self._agent = agent = new_top

        # 2. On a fraction cpu_skill of the steps the computer moves towards the ball.
        cpu = self._cpu
        if self._uniform() < self.cpu_skill:
            if y < cpu + 1 and cpu > 0:
                cells[cpu + PADDLE_HEIGHT - 1][_CPU_COLUMN].fill(BACKGROUND)
                cpu -= 1
                cells[cpu][_CPU_COLUMN].fill(CPU_PADDLE)
                self._cpu = cpu
            elif y > cpu + 1 and cpu < _LOWEST_TOP:
                cells[cpu][_CPU_COLUMN].fill(BACKGROUND)
                cells[cpu + PADDLE_HEIGHT][_CPU_COLUMN].fill(CPU_PADDLE)
                self._cpu = cpu = cpu + 1

        # 3. The ball moves, bouncing off the top and bottom walls.
        dy = self._dy
        new_y = y + dy
        if new_y < 0 or new_y >= GRID_SIZE:
            dy = -dy
            new_y = y + dy
        new_x = x + self._dx

        # 4. A paddle returns it, or a point is scored.
        if new_x == _AGENT_COLUMN or new_x == _CPU_COLUMN:
            top = agent if new_x == _AGENT_COLUMN else cpu
            if top <= new_y < top + PADDLE_HEIGHT:
                self._dx = -self._dx
                if new_x == _AGENT_COLUMN:  # top cell: up, middle: straight, bottom: down
                    self._dy = new_y - top - 1
                else:  # the computer aims at random
                    self._dy = int(self._uniform() * 3) - 1
                return self._frame.copy(), 0.0, False, False, {}
            cells[y][x].fill(BACKGROUND)
            if new_x == _AGENT_COLUMN:
                reward = -1.0
                self._cpu_score += 1
            else:
                reward = 1.0
                self._agent_score += 1
            if max(self._agent_score, self._cpu_score) < self.points_to_win:
                self._serve()
                return self._frame.copy(), reward, False, False, {}
            self._over = True  # the last frame shows where the ball went out
            self._ball_y = new_y
            self._ball_x = new_x
            cells[new_y][new_x].fill(BALL)
            return self._frame.copy(), reward, True, False, {}

        cells[y][x].fill(BACKGROUND)
        cells[new_y][new_x].fill(BALL)
        self._ball_y = new_y
        self._ball_x = new_x
        self._dy = dy
        return self._frame.copy(), 0.0, False, False, {}
