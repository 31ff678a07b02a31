"""The env a training loop gets in the sandbox: a gymnasium env whose steps happen in the grader.

Every reset() and step() is a request to the grader's `EnvHost` (autograder/sandbox/env_host.py)
over the job's socket; the host steps the real env and keeps its own record of what the agent
did. Nothing this object returns or counts is believed by the grader.
"""

from __future__ import annotations

import socket

import gymnasium
import numpy as np
from gymnasium import spaces

from autograder.sandbox import protocol


class RemoteEnv(gymnasium.Env):
    metadata = {"render_modes": []}

    def __init__(self, fd: int):
        self._sock = socket.socket(fileno=fd)
        self._stream = protocol.channel(self._sock)
        described = self._call(protocol.encode({"op": "spaces"}))[0]
        self.action_space = spaces.Discrete(described["actions"])
        shape, dtype = tuple(described["obs_shape"]), np.dtype(described["obs_dtype"])
        self._obs_shape, self._obs_dtype = shape, dtype

        def bound(value):
            return np.broadcast_to(np.asarray(value, dtype=dtype), shape).copy()

        self.observation_space = spaces.Box(
            low=bound(described["low"]), high=bound(described["high"]), dtype=dtype
        )

    def _call(self, message: bytes):
        self._sock.sendall(message)
        header, payload = protocol.receive_answer(self._stream)
        if not header.get("ok"):
            raise RuntimeError(f"the grading environment refused this call: {header.get('error')}")
        obs = None
        if "obs" in header:
            obs = (
                np.frombuffer(payload, dtype=header["obs"]["dtype"])
                .reshape(header["obs"]["shape"])
                .copy()
            )
        elif "reward" in header:  # a step: the observation space's dtype and shape
            obs = np.frombuffer(payload, dtype=self._obs_dtype).reshape(self._obs_shape).copy()
        return header, obs

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        _, obs = self._call(
            protocol.encode({"op": "reset", "seed": None if seed is None else int(seed)})
        )
        return obs, {}

    def step(self, action):
        action = int(np.asarray(action).item())
        # An action beyond 8 bytes goes as JSON, for the host to refuse in its own words.
        header, obs = self._call(
            protocol.encode_step(action)
            if -(2**63) <= action < 2**63
            else protocol.encode({"op": "step", "action": action})
        )
        return obs, header["reward"], header["terminated"], header["truncated"], {}
