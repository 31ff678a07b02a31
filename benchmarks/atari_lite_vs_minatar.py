"""Step throughput of the Atari-lite games against MinAtar's, on this machine.

    .venv/bin/python benchmarks/atari_lite_vs_minatar.py [--steps 5000] [--frame-sizes 20 84]
        [--repeats 10] [--json results/atari_lite_bench.json]

Every env takes the same seeded random actions; an episode that ends is reset inside the timed loop
(short episodes make reset speed matter). Each figure is the best of `--repeats` runs, in steps per
second; the runs of all envs are interleaved, so a busy machine slows them alike. Two levels:
- "env": the environment class itself (ours: `gymnasium.make(...).unwrapped`; MinAtar: its
  gymnasium class `minatar.gym.BaseEnv` and its native `Environment.act()` + `state()`);
- "make": `gymnasium.make(...)` with gymnasium's default wrappers (time limit, order enforcing,
  passive checker).
MinAtar runs without sticky actions (its fastest setting) and with its minimal action set (3
actions, like ours). Ratio = ours / MinAtar Breakout at the same level (Breakout is MinAtar's
fastest game and the closest to ours: ball, paddle, bricks); MinAtar's native API is compared
with our "env" level.

MinAtar (GPL-3.0) is imported by this script only, never by the package. Install it into the
venv for the benchmark with `.venv/bin/pip install minatar`; without it the script prints
"minatar not installed" and times ours alone.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import time
from pathlib import Path

import gymnasium as gym
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere in the repo

import envs.atari_lite  # noqa: E402, F401  (registers the AtariLite ids)

OUR_GAMES = ("Catch", "Breakout", "Pong")
MINATAR_GAMES = ("breakout", "freeway")
BASELINE = "breakout"


def gym_runner(env: gym.Env, actions: list[int]):
    """A function that runs the actions on `env` (gymnasium API) and returns the seconds taken."""

    def run() -> float:
        env.reset(seed=0)
        start = time.perf_counter()
        for action in actions:
            _, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                env.reset()
        return time.perf_counter() - start

    return run


def minatar_native_runner(game: str, actions: list[int]):
    """The same for MinAtar's own API: act() then state(), as its examples do."""
    from minatar import Environment

    env = Environment(game, sticky_action_prob=0.0)
    env.seed(0)
    minimal = env.minimal_action_set()
    native_actions = [minimal[a] for a in actions]

    def run() -> float:
        env.reset()
        start = time.perf_counter()
        for action in native_actions:
            _, terminal = env.act(action)
            env.state()
            if terminal:
                env.reset()
        return time.perf_counter() - start

    return run


def best_steps_per_second(runners: dict, steps: int, repeats: int) -> dict:
    """Best steps per second of each runner; rounds interleave them so that load hits all alike."""
    best = dict.fromkeys(runners, float("inf"))
    for _ in range(repeats):
        for key, run in runners.items():
            best[key] = min(best[key], run())
    return {key: steps / seconds for key, seconds in best.items()}


def import_minatar() -> str | None:
    """MinAtar's version if it imports (its registration done), else None."""
    logging.disable(logging.WARNING)  # MinAtar warns when matplotlib is missing; we never draw
    try:
        from importlib.metadata import version

        from minatar.gym import register_envs
    except ImportError:
        return None
    finally:
        logging.disable(logging.NOTSET)
    if "MinAtar/Breakout-v1" not in gym.registry:
        register_envs()
    return version("minatar")


def run(steps: int, frame_sizes: list[int], repeats: int) -> dict:
    actions = np.random.default_rng(0).integers(0, 3, size=steps).tolist()
    runners = {}
    for frame_size in frame_sizes:
        for game in OUR_GAMES:
            made = gym.make(f"AtariLite/{game}-v0", frame_size=frame_size)
            runners["ours", game, frame_size, "env"] = gym_runner(made.unwrapped, actions)
            runners["ours", game, frame_size, "make"] = gym_runner(made, actions)
    minatar_version = import_minatar()
    if minatar_version is not None:
        for game in MINATAR_GAMES:
            made = gym.make(f"MinAtar/{game.title()}-v1", sticky_action_prob=0.0)
            runners["minatar", game, 0, "native"] = minatar_native_runner(game, actions)
            runners["minatar", game, 0, "env"] = gym_runner(made.unwrapped, actions)
            runners["minatar", game, 0, "make"] = gym_runner(made, actions)
    speed = best_steps_per_second(runners, steps, repeats)

    ours = [
        {
            "game": game,
            "frame_size": frame_size,
            "env": speed["ours", game, frame_size, "env"],
            "make": speed["ours", game, frame_size, "make"],
        }
        for frame_size in frame_sizes
        for game in OUR_GAMES
    ]
    theirs = []
    if minatar_version is not None:
        theirs = [
            {level: speed["minatar", game, 0, level] for level in ("native", "env", "make")}
            | {"game": game}
            for game in MINATAR_GAMES
        ]
        baseline = next(row for row in theirs if row["game"] == BASELINE)
        for row in ours:
            row["ratio_native"] = row["env"] / baseline["native"]
            row["ratio_env"] = row["env"] / baseline["env"]
            row["ratio_make"] = row["make"] / baseline["make"]
    return {
        "steps": steps,
        "repeats": repeats,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "gymnasium": gym.__version__,
        "minatar": minatar_version,
        "baseline": f"MinAtar {BASELINE}",
        "ours": ours,
        "minatar_results": theirs,
    }


def print_table(results: dict) -> None:
    print(f"{results['steps']} random steps, best of {results['repeats']}; steps per second")
    if results["minatar"] is None:
        print("minatar not installed: timing Atari-lite only")
    else:
        print(f"MinAtar {results['minatar']} (no sticky actions, minimal action set):")
        print(f"  {'game':<10}{'native':>10}{'env':>10}{'make':>10}")
        for row in results["minatar_results"]:
            speeds = "".join(f"{row[level]:>10,.0f}" for level in ("native", "env", "make"))
            print(f"  {row['game']:<10}{speeds}")
    header = f"  {'game':<10}{'frame':>6}{'env':>10}{'make':>10}"
    if results["minatar"] is None:
        print("Atari-lite:")
    else:
        print("Atari-lite (ratio = ours / MinAtar breakout: env/native, env/env, make/make):")
        header += f"{'x native':>10}{'x env':>8}{'x make':>8}"
    print(header)
    for row in results["ours"]:
        line = f"  {row['game']:<10}{row['frame_size']:>6}{row['env']:>10,.0f}{row['make']:>10,.0f}"
        if results["minatar"] is not None:
            line += f"{row['ratio_native']:>10.2f}{row['ratio_env']:>8.2f}"
            line += f"{row['ratio_make']:>8.2f}"
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5_000, help="random steps per timing run")
    parser.add_argument("--frame-sizes", type=int, nargs="+", default=[20, 84])
    parser.add_argument("--repeats", type=int, default=10, help="runs per figure; the best counts")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    results = run(args.steps, args.frame_sizes, args.repeats)
    print_table(results)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
