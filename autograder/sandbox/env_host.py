"""The grader's side of a learning check: the env steps here, never in the student's process.

A training loop (train_dqn, train_reinforce) gets a `RemoteEnv` (probes/remote_env.py) that
forwards reset() and step() over a socket to an `EnvHost` in the grader. The host validates every
action, steps its own env, and records what happened: actions, rewards, terminations,
truncations and, for short runs, the observations. Episode returns, step counts and transitions
that the verdicts use come from this record, so what the student's code reports about its own
training counts for nothing.

The host runs in a thread of the grader (or of the build, for the reference) while the sandboxed
worker runs; it answers only what the protocol asks and stops at a step cap of its own, so a
hostile agent costs the grader a bounded amount of memory.
"""

from __future__ import annotations

import socket
import threading

import numpy as np

from autograder.sandbox import protocol


def make_env(spec: dict):
    """The gymnasium env a case names: {"id", "frame_size"?, "max_episode_steps"?, "stack"?}."""
    import gymnasium

    import envs.atari_lite  # noqa: F401  (registers the Atari-lite games)
    from envs.atari_lite import FrameStack

    kwargs = dict(spec.get("kwargs", {}))
    if "frame_size" in spec:
        kwargs["frame_size"] = spec["frame_size"]
    if "max_episode_steps" in spec:
        kwargs["max_episode_steps"] = spec["max_episode_steps"]
    env = gymnasium.make(spec["id"], **kwargs)
    return FrameStack(env, spec["stack"]) if spec.get("stack") else env


def _bound(value) -> object:
    """A Box bound as JSON: one number when it is uniform, else the list."""
    array = np.asarray(value, dtype=np.float64)
    finite = np.where(np.isfinite(array), array, np.sign(array) * 3.4e38)
    if np.all(finite == finite.flat[0]):
        return float(finite.flat[0])
    return finite.tolist()


class EnvHost:
    """One env for one job, driven over one socket; `arrays()` is the trusted record."""

    def __init__(self, spec: dict, *, max_steps: int, keep_observations: bool = False):
        self.env = make_env(spec)
        # Read once: a wrapped env's spaces are a chain of properties, and a training case
        # steps thousands of times.
        self._num_actions = int(self.env.action_space.n)
        self._obs_dtype = self.env.observation_space.dtype
        self._obs_shape = tuple(self.env.observation_space.shape)
        self.max_steps = int(max_steps)
        self.keep_observations = keep_observations
        self.actions: list = []
        self.rewards: list = []
        self.terminated: list = []
        self.truncated: list = []
        self.observations: list = []  # (obs before, obs after) per step, when kept
        self.resets = 0
        self.reset_seeds: list = []  # the seed of every reset, -1 for none
        self.reset_steps: list = []  # how many steps had been taken at every reset
        self.refused = ""  # the first request the host refused, in the grader's words
        self._obs = None
        self._episode_over = True
        self._thread = None
        self._sock = None

    # -- serving ----------------------------------------------------------------------------
    def start(self, sock: socket.socket) -> None:
        self._sock = sock
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """After the sandboxed run: close the channel and wait for the serving thread."""
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._sock.close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _serve(self) -> None:
        try:
            with protocol.channel(self._sock) as stream:
                while True:
                    request, _ = protocol.receive(stream)
                    self._sock.sendall(self._answer(request))
        except (ConnectionError, ValueError, OSError, RecursionError):
            return  # the job ended or sent garbage (a deep header too): the record stands

    def _answer(self, request: dict) -> bytes:
        """The encoded answer to one request."""
        op = request.get("op")
        try:
            if op == "step":
                return self._step(request.get("action"))
            if op == "spaces":
                return protocol.encode(self._spaces())
            if op == "reset":
                return protocol.encode(*self._reset(request.get("seed")))
            return protocol.encode(self._refuse("a request that is not reset() or step()"))
        except _Refused as refused:
            return protocol.encode(self._refuse(str(refused)))

    def _refuse(self, message: str) -> dict:
        self.refused = self.refused or message
        return {"ok": False, "error": message}

    def _spaces(self) -> dict:
        box = self.env.observation_space
        return {
            "ok": True,
            "actions": int(self.env.action_space.n),
            "obs_shape": list(box.shape),
            "obs_dtype": np.dtype(box.dtype).name,
            "low": _bound(box.low),
            "high": _bound(box.high),
        }

    def _observation(self, obs) -> tuple[dict, bytes]:
        array = np.ascontiguousarray(obs)
        return {"dtype": array.dtype.name, "shape": list(array.shape)}, array.tobytes()

    def _reset(self, seed) -> tuple[dict, bytes]:
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32
        ):
            raise _Refused("reset(seed=...) takes an int from 0 to 2**32 - 1, or None")
        if self.resets > self.max_steps:
            raise _Refused(f"more than {self.max_steps} resets")
        self._obs, _ = self.env.reset(seed=seed)
        self._episode_over = False
        self.resets += 1
        self.reset_seeds.append(-1 if seed is None else seed)
        self.reset_steps.append(len(self.actions))
        described, payload = self._observation(self._obs)
        return {"ok": True, "obs": described}, payload

    def _step(self, action) -> bytes:
        if isinstance(action, bool) or not isinstance(action, int):
            raise _Refused("env.step(action) takes an int action index")
        if not 0 <= action < self._num_actions:
            raise _Refused(f"action {action} is outside 0..{self._num_actions - 1}")
        if self._episode_over:
            raise _Refused(
                "env.step() was called before env.reset() or after the episode "
                "ended (terminated or truncated): call env.reset() first"
            )
        if len(self.actions) >= self.max_steps:
            raise _Refused(f"the grading env allows at most {self.max_steps} steps here")
        before = self._obs
        obs, reward, terminated, truncated, _ = self.env.step(action)
        self.actions.append(action)
        self.rewards.append(float(reward))
        self.terminated.append(bool(terminated))
        self.truncated.append(bool(truncated))
        if self.keep_observations:
            self.observations.append((np.array(before), np.array(obs)))
        self._obs = obs
        self._episode_over = bool(terminated or truncated)
        # The observation space's dtype and shape, which the sandbox's env knows ("spaces").
        array = np.ascontiguousarray(obs, dtype=self._obs_dtype)
        if array.shape != self._obs_shape:
            raise _Refused(f"the grading env returned an observation of shape {array.shape}")
        return protocol.encode_step_answer(
            float(reward), bool(terminated), bool(truncated), array.tobytes()
        )

    # -- the record ---------------------------------------------------------------------------
    def arrays(self) -> dict:
        """What happened, as arrays named `trusted.*`: the grader's own data for the verdicts."""
        rewards = np.array(self.rewards, dtype=np.float64)
        ends = np.flatnonzero(
            np.array(self.terminated, dtype=bool) | np.array(self.truncated, dtype=bool)
        )
        starts = np.concatenate([[0], ends[:-1] + 1]) if len(ends) else np.zeros(0, dtype=int)
        returns = np.array(
            [rewards[a : b + 1].sum() for a, b in zip(starts, ends, strict=True)], dtype=np.float64
        )
        record = {
            "actions": np.array(self.actions, dtype=np.int64),
            "rewards": rewards,
            "terminated": np.array(self.terminated, dtype=np.int64),
            "truncated": np.array(self.truncated, dtype=np.int64),
            "returns": returns,  # of every finished episode, in order
            "resets": np.array(self.resets, dtype=np.int64),
            "reset_seeds": np.array(self.reset_seeds, dtype=np.int64),
            "reset_steps": np.array(self.reset_steps, dtype=np.int64),
        }
        if self.keep_observations:
            shape = tuple(self.env.observation_space.shape)
            before = [b for b, _ in self.observations] or np.zeros((0, *shape))
            after = [a for _, a in self.observations] or np.zeros((0, *shape))
            record["obs"] = np.array(before, dtype=np.float64)
            record["next_obs"] = np.array(after, dtype=np.float64)
        return {protocol.TRUSTED_PREFIX + name: array for name, array in record.items()}


class _Refused(Exception):
    """A request the host does not serve; its message goes back to the agent."""
