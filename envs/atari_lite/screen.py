"""The screen every Atari-lite game draws on: a small grid of gray levels shown as a uint8 frame.

A game lives on a `grid_size` x `grid_size` board of cells. The agent sees it as a
`frame_size` x `frame_size` grayscale image, each pixel taking the gray level of the cell under its
centre (nearest-neighbour upscaling: pixel i shows cell floor((i + 1/2) * grid_size / frame_size)).

Speed: redrawing the whole frame every step costs more than the game itself at 84 x 84, so the
screen keeps one frame and a precomputed view of the pixel block of every cell. A game repaints
only the cells that changed, and every observation is a copy of the frame, so it never changes
after it was returned (a replay buffer may keep it).
"""

from __future__ import annotations

import numpy as np

# Gray levels shared by the games: background is black, the ball is white.
BACKGROUND = 0
BALL = 255


def pixel_to_cell(grid_size: int, frame_size: int) -> np.ndarray:
    """The cell index shown by each pixel along one axis, shape (frame_size,) int."""
    if grid_size < 1 or frame_size < grid_size:
        raise ValueError(
            f"frame_size must be at least grid_size (got frame_size={frame_size}, "
            f"grid_size={grid_size}): every cell needs at least one pixel."
        )
    return ((2 * np.arange(frame_size) + 1) * grid_size) // (2 * frame_size)


def upscale(grid: np.ndarray, frame_size: int) -> np.ndarray:
    """Nearest-neighbour upscaling of a square (G, G) grid to a (frame_size, frame_size) frame.

    The slow, obviously correct renderer: `Screen` must always agree with it.
    """
    index = pixel_to_cell(grid.shape[0], frame_size)
    return grid[np.ix_(index, index)]


def gray_to_rgb(frame: np.ndarray, palette: dict[int, tuple[int, int, int]]) -> np.ndarray:
    """Colour a uint8 gray frame (H, W) for people: (H, W, 3) uint8.

    Levels listed in `palette` get its colour; any other level v stays gray (v, v, v).
    """
    lut = np.repeat(np.arange(256, dtype=np.uint8)[:, None], 3, axis=1)
    for level, rgb in palette.items():
        lut[level] = rgb
    return lut[frame]


class Screen:
    """A `grid_size` board drawn on a `frame_size` x `frame_size` uint8 frame.

    `frame` is the current image. `cells[y][x]` (row y, column x, from the top-left corner) is a
    view of the pixels showing that cell, so `cells[y][x].fill(level)` paints the cell in place;
    `paint(y, x, level)` says the same more slowly.
    """

    def __init__(self, grid_size: int, frame_size: int) -> None:
        index = pixel_to_cell(grid_size, frame_size)
        # edges[c] is the first pixel showing cell c (the index is sorted).
        edges = np.searchsorted(index, np.arange(grid_size + 1)).tolist()
        self.grid_size = grid_size
        self.frame_size = frame_size
        self.frame = np.zeros((frame_size, frame_size), dtype=np.uint8)
        self.cells = [
            [self.frame[edges[y] : edges[y + 1], edges[x] : edges[x + 1]] for x in range(grid_size)]
            for y in range(grid_size)
        ]

    def paint(self, y: int, x: int, level: int) -> None:
        """Set cell (y, x) to a gray level."""
        self.cells[y][x].fill(level)
