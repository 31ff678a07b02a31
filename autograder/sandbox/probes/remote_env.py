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
        described = self._call({"op": "spaces"})[0]
        self.action_space = spaces.Discrete(described["actions"])
        shape, dtype = tuple(described["obs_shape"]), np.dtype(described["obs_dtype"])

        def bound(value):
            return np.broadcast_to(np.asarray(value, dtype=dtype), shape).copy()

        self.observation_space = spaces.Box(low=bound(described["low"]),
                                            high=bound(described["high"]), dtype=dtype)

    def _call(self, request: dict):
        self._sock.sendall(protocol.encode(request))
        header, payload = protocol.receive(self._sock)
        if not header.get("ok"):
            raise RuntimeError(f"the grading environment refused this call: {header.get('error')}")
        obs = None
        if "obs" in header:
            obs = np.frombuffer(payload, dtype=header["obs"]["dtype"]).reshape(
                header["obs"]["shape"]).copy()
        return header, obs

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        _, obs = self._call({"op": "reset", "seed": None if seed is None else int(seed)})
        return obs, {}

    def step(self, action):
        header, obs = self._call({"op": "step", "action": int(np.asarray(action).item())})
        return obs, header["reward"], header["terminated"], header["truncated"], {}
