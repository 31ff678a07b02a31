"""What every probe needs: building a case's MDP, checking a returned value's type, and
recording what a training loop does to its env.

A probe only records (protocol.py: the rule). It may stop a case with a ContractError, which can
only cost the submission points; it never decides that anything passed."""

from __future__ import annotations

import numpy as np

from autograder.sandbox.protocol import INPUT_AFTER  # noqa: F401  (the probes' import)


class ContractError(Exception):
    """The student's function broke the contract; the message says what to fix."""


def build_mdp(spec: dict):
    """The MDP a case names: plain data in, an `envs.TabularMDP` out (identical on every run)."""
    import envs

    kind = spec["kind"]
    if kind == "racing":
        return envs.racing(gamma=spec.get("gamma", 1.0))
    if kind == "gridworld":
        from envs.gridworld import gridworld

        return gridworld(gamma=spec.get("gamma", 0.9))
    if kind == "random":
        from envs.random_mdp import random_mdp

        options = {
            k: v for k, v in spec.items() if k not in ("kind", "num_states", "num_actions", "seed")
        }
        return random_mdp(spec["num_states"], spec["num_actions"], spec["seed"], **options)
    raise ValueError(f"unknown MDP kind {kind!r}")


def to_array(value, what: str, *, kind: str = "float") -> np.ndarray:
    """A returned value as a plain ndarray, or a ContractError that says what was returned."""
    if type(value).__module__.startswith("torch"):
        raise ContractError(
            f"{what} returned a torch tensor; return a numpy array (e.g. tensor.detach().numpy())"
        )
    if not isinstance(value, np.ndarray):
        raise ContractError(
            f"{what} returned a {type(value).__name__}; return a numpy array (np.ndarray)"
        )
    array = np.array(value, copy=True).view(np.ndarray)
    if kind == "float" and array.dtype.kind not in "fiu":
        raise ContractError(f"{what} returned an array of dtype {array.dtype}; expected float64")
    if kind == "int" and array.dtype.kind not in "iu":
        raise ContractError(
            f"{what} returned an array of dtype {array.dtype}; expected an integer array "
            "(action indices)"
        )
    # The protocol carries float64, float32 and int64 only (no float128, no float16).
    if array.dtype.kind in "iu":
        return array.astype(np.int64)
    return array if array.dtype.name in ("float64", "float32") else array.astype(np.float64)


def to_float(value, what: str) -> float:
    """A returned scalar (Python or numpy number) as a float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        if isinstance(value, np.ndarray) and value.shape == ():
            return float(value)
        raise ContractError(f"{what} returned a {type(value).__name__}; return a number (float)")
    return float(value)


def returns_list(value, what: str) -> np.ndarray:
    """A training loop's list of episode returns as an array (only compared, never believed)."""
    try:
        returns = np.asarray(list(value), dtype=np.float64)
    except (TypeError, ValueError):
        raise ContractError(
            f"{what} must return the list of episode returns (one float per "
            f"finished episode); got a {type(value).__name__}"
        ) from None
    return returns.reshape(-1)


def unchanged(before: np.ndarray, after: np.ndarray, what: str) -> None:
    """Raise when a function modified an input it does not own."""
    if before.shape != after.shape or not np.array_equal(before, after, equal_nan=True):
        raise ContractError(f"{what} modified its input array; compute a new array instead")


def learning_env(case: dict):
    """The sampling environment of a learning case: its MDP, started uniformly at random among
    the non-absorbing states (so every state is visited), with a time limit."""
    from envs.tabular_env import TabularEnv

    mdp = build_mdp(case["mdp"])
    start = np.ones(mdp.num_states)
    start[mdp.absorbing_states()] = 0.0
    return mdp, TabularEnv(
        mdp, start_distribution=start / start.sum(), max_steps=case.get("max_steps", 100)
    )


def transition_stream(case: dict, num_states: int, num_actions: int = 1) -> list:
    """A seeded stream of (s, a, r, s_next, done) as Python numbers; terminal ones included."""
    rng = np.random.default_rng(case["seed"])
    n = case.get("length", 40)
    columns = (
        rng.integers(num_states, size=n),
        rng.integers(num_actions, size=n),
        rng.normal(0.0, 1.0, size=n),
        rng.integers(num_states, size=n),
        rng.random(n) < case.get("terminal_fraction", 0.2),
    )
    return [
        (int(s), int(a), float(r), int(s2), bool(d))
        for s, a, r, s2, d in zip(*columns, strict=True)
    ]


def recording(env):
    """`env` wrapped so that every step is recorded in `.steps`, in order:
    (obs before the step, action, reward, next obs, terminated, truncated)."""
    import gymnasium

    class Recording(gymnasium.Wrapper):
        def __init__(self, inner):
            super().__init__(inner)
            self.steps = []
            self._obs = None

        def reset(self, **kwargs):
            self._obs, info = self.env.reset(**kwargs)
            return self._obs, info

        def step(self, action):
            next_obs, reward, terminated, truncated, info = self.env.step(action)
            self.steps.append(
                (
                    np.array(self._obs),
                    int(action),
                    float(reward),
                    np.array(next_obs),
                    bool(terminated),
                    bool(truncated),
                )
            )
            self._obs = next_obs
            return next_obs, reward, terminated, truncated, info

    return Recording(env)


# How a recorded env.reset seed travels (raw: the grader judges): an int seed as itself, no seed
# as NO_SEED, anything else (a negative or huge int, another type) as OTHER_SEED.
NO_SEED, OTHER_SEED = -1, -2


def record_resets(env) -> list:
    """Record the `seed` of every env.reset call on `env` (its own instance, not a wrapper: the
    steps stay as fast as they were), in order, encoded as above."""
    seeds = []
    inner = env.reset

    def reset(*args, **kwargs):
        seed = kwargs.get("seed", args[0] if args else None)
        if seed is None:
            seeds.append(NO_SEED)
        elif (
            isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and 0 <= seed < 2**62
        ):
            seeds.append(int(seed))
        else:
            seeds.append(OTHER_SEED)
        return inner(*args, **kwargs)

    env.reset = reset
    return seeds


def input_after(name: str) -> str:
    """The output under which a probe returns the input `name` as it is after the call (the
    grader compares it with what it gave)."""
    return f"{INPUT_AFTER}.{name}"
