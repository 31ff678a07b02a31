"""A gymnasium env that samples episodes from any TabularMDP: the MDP as an RL agent meets it.

## Description
Dynamic programming reads `mdp.P` and `mdp.R`; TD learning and Q-learning only see samples. This env
gives those samples: from state s, action a leads to s2 ~ P[s, a, :] with reward R[s, a, s2].

## Action space
Discrete(mdp.num_actions).

## Observation space
Discrete(mdp.num_states): the state index, a Python int.

## Rewards
R[s, a, s2] of the sampled transition, as a float.

## Starting state
Drawn from `start_distribution`: None (state 0), a state index, or a probability vector of shape
(num_states,). `reset(options={"start_state": s})` starts one episode in s instead (for exploring
starts).

## Episode end
`terminated` when the step enters an absorbing state of the MDP (`mdp.absorbing_states()`: every
action stays there with reward 0), which is where the episode truly ends: the value there is 0.
`truncated` when `max_steps` steps have been taken without termination (None: never); the episode
is cut short, the next state still has a value (bootstrap from it). Stepping after either requires
a `reset()`. `info` holds `prob`, the probability of the sampled transition; `env.state` is the
current state and `env.steps` the number of steps taken in the episode.

## Arguments
`mdp`: the TabularMDP. `start_distribution`: see Starting state. `max_steps`: the time limit, an
int >= 1 or None, 100 by default. `render_mode`: None or "ansi" (`render()` returns a line of text).

## Version history
v0: first version.
"""

from __future__ import annotations

import numbers

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from envs.tabular import PROBABILITY_TOLERANCE, TabularMDP

ENV_STREAM = 0x7AB1E  # mixed into the env's seed: see reset()


def _state_index(name: str, value, num_states: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a state index (int); got {value!r}")
    if not 0 <= int(value) < num_states:
        raise ValueError(f"{name} must be a state in [0, {num_states - 1}]; got {int(value)}")
    return int(value)


def _start_distribution(start, num_states: int) -> np.ndarray:
    """The start distribution as a read-only probability vector of shape (num_states,)."""
    if start is None:
        start = 0
    if np.ndim(start) == 0:
        distribution = np.zeros(num_states)
        distribution[_state_index("start_distribution", start, num_states)] = 1.0
    else:
        distribution = np.array(start, dtype=np.float64)
        if distribution.shape != (num_states,):
            raise ValueError(
                f"start_distribution must be None, a state index, or probabilities of shape "
                f"({num_states},); got shape {distribution.shape}"
            )
        if not np.all(np.isfinite(distribution)) or np.any(distribution < 0):
            raise ValueError(
                f"start_distribution has entries that are not probabilities: {distribution}"
            )
        if abs(distribution.sum() - 1.0) > PROBABILITY_TOLERANCE:
            raise ValueError(
                f"start_distribution must sum to 1; sums to {float(distribution.sum())}"
            )
    distribution.setflags(write=False)
    return distribution


class TabularEnv(gym.Env):
    """Sample episodes from a TabularMDP (see the module docstring for the full contract)."""

    metadata = {"render_modes": ["ansi"], "render_fps": 4}

    def __init__(
        self,
        mdp: TabularMDP,
        start_distribution=None,
        max_steps: int | None = 100,
        render_mode: str | None = None,
    ):
        if not isinstance(mdp, TabularMDP):
            raise TypeError(f"mdp must be a TabularMDP; got {type(mdp).__name__}")
        if max_steps is not None:
            if isinstance(max_steps, bool) or not isinstance(max_steps, numbers.Integral):
                raise ValueError(f"max_steps must be an int >= 1 or None; got {max_steps!r}")
            if max_steps < 1:
                raise ValueError(f"max_steps must be an int >= 1 or None; got {max_steps}")
            max_steps = int(max_steps)
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(
                f"render_mode must be None or one of {self.metadata['render_modes']}; "
                f"got {render_mode!r}"
            )
        self.mdp = mdp
        self.start_distribution = _start_distribution(start_distribution, mdp.num_states)
        self.max_steps = max_steps
        self.render_mode = render_mode
        self.observation_space = spaces.Discrete(mdp.num_states)
        self.action_space = spaces.Discrete(mdp.num_actions)
        self.absorbing = frozenset(int(s) for s in mdp.absorbing_states())
        # Cumulative p(. | s, a), to sample s2 with one uniform draw.
        self._cdf = np.cumsum(mdp.P, axis=2)
        self.state: int | None = None
        self.steps = 0
        self._done = True

    def _sample(self, cdf: np.ndarray) -> int:
        # The first index whose cumulative probability exceeds u * total; zero-probability states
        # have cdf equal to their predecessor's, so they are never chosen.
        u = self.np_random.random() * cdf[-1]
        index = int(np.searchsorted(cdf, u, side="right"))
        if index == len(cdf):  # u * total rounded up to the total: take the last possible state
            index = int(np.searchsorted(cdf, cdf[-1], side="left"))
        return index

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        if seed is not None:
            # gymnasium seeds np_random exactly as np.random.default_rng(seed) would: an agent
            # seeded with the same integer would draw the very same numbers as the environment,
            # and their correlation can keep a correct learner far from Q*. The env's stream is
            # derived from the seed but distinct from it.
            self._np_random = np.random.default_rng([ENV_STREAM, seed])
        options = options or {}
        if options.get("start_state") is not None:
            self.state = _state_index("start_state", options["start_state"], self.mdp.num_states)
            prob = 1.0
        else:
            self.state = self._sample(np.cumsum(self.start_distribution))
            prob = float(self.start_distribution[self.state])
        self.steps = 0
        self._done = False
        return self.state, {"prob": prob}

    def step(self, action):
        if self.state is None:
            raise RuntimeError("call reset() before step()")
        if self._done:
            raise RuntimeError("the episode is over (terminated or truncated); call reset()")
        if not self.action_space.contains(action):
            raise ValueError(
                f"action must be an int in [0, {self.mdp.num_actions - 1}]; got {action!r}"
            )
        s, a = self.state, int(action)
        s2 = self._sample(self._cdf[s, a])
        reward = float(self.mdp.R[s, a, s2])
        self.state = s2
        self.steps += 1
        terminated = s2 in self.absorbing
        truncated = not terminated and self.max_steps is not None and self.steps >= self.max_steps
        self._done = terminated or truncated
        return s2, reward, terminated, truncated, {"prob": float(self.mdp.P[s, a, s2])}

    def render(self):
        if self.render_mode != "ansi":
            return None
        if self.state is None:
            return "not reset yet\n"
        names = self.mdp.state_names
        label = f" ({names[self.state]})" if names is not None else ""
        return f"step {self.steps}: state {self.state}{label}\n"
