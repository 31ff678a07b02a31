"""The lecture's preprocessing phi: the agent sees the last few frames, not just the current one.

One frame of Breakout or Pong does not show where the ball is going; DQN (Algorithm 1 of the
lecture, after Mnih et al. 2013) therefore feeds its network phi(s_t), the last 4 frames stacked
along a channel axis. Two ways to get it:

- `FrameStack(env, num_frames=4)`, a gymnasium wrapper: observations become
  (num_frames, H, W) uint8 arrays, oldest frame first, newest last. `reset` fills the stack with
  copies of the first frame.
- `phi(frames, num_frames=4)`: the same stack computed from a list of the frames x_1, ..., x_t
  seen so far in the episode (front-padded with x_1 when t < num_frames).

Both agree: after reset and t steps, the wrapper's observation equals `phi([x_1, ..., x_t+1])`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces


def phi(frames: Sequence[np.ndarray], num_frames: int = 4) -> np.ndarray:
    """The last `num_frames` frames stacked, oldest first: (num_frames, H, W), the frames' dtype.

    `frames` is the episode so far, x_1 first; when it is shorter than `num_frames` the stack is
    padded at the front with copies of x_1 (as `FrameStack.reset` does).

    >>> x1, x2 = np.zeros((2, 2), np.uint8), np.ones((2, 2), np.uint8)
    >>> phi([x1, x2], num_frames=3)[:, 0, 0].tolist()
    [0, 0, 1]
    """
    if num_frames < 1:
        raise ValueError(f"num_frames must be at least 1, got {num_frames}.")
    if len(frames) == 0:
        raise ValueError("phi needs at least one frame.")
    last = list(frames[-num_frames:])
    padding = [frames[0]] * (num_frames - len(last))
    return np.stack(padding + last)


class FrameStack(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """Observations are the last `num_frames` frames, (num_frames, H, W), oldest first.

    The wrapped env must have a Box observation space; its observations are stacked along a new
    first (channel) axis, the layout torch's Conv2d expects. Every observation is a fresh array
    (the wrapper keeps no reference to it), so a replay buffer may store it as it is.

    >>> import gymnasium, envs.atari_lite
    >>> env = FrameStack(gymnasium.make("AtariLite/Catch-v0", frame_size=20), num_frames=4)
    >>> env.reset(seed=0)[0].shape
    (4, 20, 20)
    """

    def __init__(self, env: gym.Env, num_frames: int = 4) -> None:
        if num_frames < 1:
            raise ValueError(f"num_frames must be at least 1, got {num_frames}.")
        if not isinstance(env.observation_space, spaces.Box):
            raise TypeError(
                f"FrameStack needs a Box observation space, got {env.observation_space}."
            )
        gym.utils.RecordConstructorArgs.__init__(self, num_frames=num_frames)
        gym.Wrapper.__init__(self, env)
        self.num_frames = int(num_frames)
        box = env.observation_space
        self.observation_space = spaces.Box(
            low=np.repeat(box.low[None], num_frames, axis=0),
            high=np.repeat(box.high[None], num_frames, axis=0),
            dtype=box.dtype,
        )
        self._stack = np.zeros(self.observation_space.shape, dtype=box.dtype)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[np.ndarray, dict[str, Any]]:
        frame, info = self.env.reset(seed=seed, options=options)
        self._stack[...] = frame  # every slot holds the first frame
        return self._stack.copy(), info

    def step(self, action: Any) -> tuple[np.ndarray, Any, bool, bool, dict[str, Any]]:
        frame, reward, terminated, truncated, info = self.env.step(action)
        self._stack[:-1] = self._stack[1:]  # drop the oldest frame
        self._stack[-1] = frame
        return self._stack.copy(), reward, terminated, truncated, info
