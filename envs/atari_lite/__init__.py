"""Atari-lite: small pixel games of our own with gymnasium's API, and the lecture's phi.

Three games on a 10 x 10 grid, each seen as a uint8 grayscale frame (values 0..255) of a
configurable size (84 x 84 like the DQN paper by default; at least 20 for the lecture's network):

| id                      | class      | actions                   | reward per step         |
| ----------------------- | ---------- | ------------------------- | ----------------------- |
| "AtariLite/Catch-v0"    | `Catch`    | 0 stay, 1 left, 2 right   | +1 catch, -1 miss       |
| "AtariLite/Breakout-v0" | `Breakout` | 0 stay, 1 left, 2 right   | +1 per brick            |
| "AtariLite/Pong-v0"     | `Pong`     | 0 stay, 1 up, 2 down      | +1 / -1 per point       |

Importing this package registers the ids, so

    import gymnasium
    import envs.atari_lite
    env = envs.atari_lite.FrameStack(gymnasium.make("AtariLite/Catch-v0", frame_size=24), 4)

gives observations of shape (4, 24, 24). Each game's module docstring has the full rules.
"""

from __future__ import annotations

import gymnasium as gym

from envs.atari_lite.breakout import Breakout
from envs.atari_lite.catch import Catch
from envs.atari_lite.frame_stack import FrameStack, phi
from envs.atari_lite.pong import Pong
from envs.atari_lite.screen import upscale

NAMESPACE = "AtariLite"
# id -> (entry point, max_episode_steps); the time limit truncates, game over terminates.
GAMES = {
    f"{NAMESPACE}/Catch-v0": (f"{__name__}.catch:Catch", 500),
    f"{NAMESPACE}/Breakout-v0": (f"{__name__}.breakout:Breakout", 1000),
    f"{NAMESPACE}/Pong-v0": (f"{__name__}.pong:Pong", 1000),
}


def register_games() -> list[str]:
    """Register the Atari-lite ids with gymnasium (again calling it is harmless); returns them."""
    for env_id, (entry_point, max_episode_steps) in GAMES.items():
        if env_id not in gym.registry:
            gym.register(id=env_id, entry_point=entry_point, max_episode_steps=max_episode_steps)
    return list(GAMES)


register_games()

__all__ = [
    "GAMES",
    "Breakout",
    "Catch",
    "FrameStack",
    "Pong",
    "phi",
    "register_games",
    "upscale",
]
