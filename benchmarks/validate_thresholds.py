"""Validate the thresholds of the stochastic learning checks on many seeds.

    .venv/bin/python benchmarks/validate_thresholds.py [--seeds 200] [--mistake-seeds 30]
        [--deep-seeds 20] [--deep-mistake-seeds 10] [--jobs 2] [--check td.evaluate]

`td.evaluate` and `q_learning.learning` judge a learned estimate by its largest distance to the
exact answer (V^pi, Q*), so that any correct implementation passes whatever order it draws its
random numbers in. For every case of those checks this script runs, with the case's MDP, policy
and hyper-parameters but the seed replaced by `--seeds` different seeds:
- correct implementations: the reference and the part's correct alternatives
  (tests/variants/correct: another epsilon-greedy draw order, rng.choice, every env.reset seeded
  separately, other ways to write the loops);
- known mistakes: every mistake of the part's bank (autograder/build/mistakes) and the mistakes
  in the loops that the bank cannot hold (tests/variants/unnamed: the learning checks do not name
  mistakes, and the bank requires a name), with `--mistake-seeds` seeds.

It prints, per case: the threshold, the worst error of the correct implementations, the margin
(threshold / worst; the scheme asks for >= 1.5), the reference's CPU seconds per run, and how
often each mistake fails the case. Then, per mistake, on what fraction of the seeds it fails at
least one case of the check (a check fails a submission when any case fails). The exit status is
1 when a margin is below 1.5 or when a mistake whose CAUGHT_BY lists the check escapes it on some
seed.

The deep learning checks `dqn.train` (train_dqn on Catch, the scheme's number of steps) and
`reinforce.train` (train_reinforce on CartPole-v1, its number of iterations) judge the episode
returns a training run gives.
For them the script runs the check's own probe (autograder.sandbox.probes.<part>.train, as grading
does)
on the reference with `--deep-seeds` seeds and on every mistake of the part's bank with
`--deep-mistake-seeds` seeds, and applies the hidden test's pass rule to the returns. It prints
the threshold, the reference's mean, std and worst score (for reinforce.train also the worst
last / first ratio), the reference's CPU seconds per run against the case's CPU seconds, and, per
mistake, the share of seeds on which it fails the check and its mean score. The exit status is 1
when the reference fails on some seed or when a mistake whose CAUGHT_BY lists the check passes on
some seed. A mistake that raises fails the check on that seed.

The deep checks also run their correct alternatives (DEEP_CORRECT: code that reads the contract
another way) on `--deep-mistake-seeds` seeds; each must pass on every seed, like the reference.

Cost on one core (torch with one thread, as grading runs it): a train_dqn run is 1,200 steps and
about 550 gradient steps (one every 2 steps; a fifth of the former 3,000-step run's, which took
about 11 CPU-seconds), a train_reinforce run about 6,500 CartPole steps (3 to 7 CPU-seconds
measured on a busy machine, which gives two to three times as many CPU-seconds for the same work
as a quiet one). The deep checks' defaults (20 reference seeds, 10 per mistake and per correct
alternative; 28 dqn and 6 reinforce mistakes) cost about 20 + 6 CPU-minutes on a quiet machine,
on top of the tabular checks. Leave them out with `--check td.evaluate --check q_learning.learning`.

Seeds: case seed + 7919 k for k = 0, 1, ... (k = 0 is the graded seed). Each seed is a whole other
random stream, which is what a correct submission drawing in another order gets.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
import types
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from anywhere in the repo

from autograder import scheme  # noqa
from autograder.build import expected, variants  # noqa: E402
from autograder.grade.verdicts import learning_verdict  # noqa: E402
from autograder.build.oracles import exact_q_star, exact_v_pi  # noqa: E402
from autograder.sandbox.probes import dqn as dqn_probes  # noqa: E402
from autograder.sandbox.probes import reinforce as reinforce_probes  # noqa: E402
from autograder.sandbox.probes.common import learning_env  # noqa: E402
from autograder.sandbox.probes.td import evaluation_policy  # noqa: E402

MARGIN = 1.5
SEED_STRIDE = 7919

# The variants (autograder/build/variants.py): the correct alternatives of tests/variants/correct
# (another order of the random numbers, other ways to write the loops) and the mistakes in the
# loops themselves that nothing can name (tests/variants/unnamed), besides the mistake bank.
CHECKS = {"td.evaluate": "td", "q_learning.learning": "q_learning"}


def _module(source: str) -> types.ModuleType:
    module = types.ModuleType("variant")
    exec(compile(source, "variant", "exec"), module.__dict__)  # noqa: S102 - our own sources
    return module


def _reference_source(part: str) -> str:
    return (REPO / "solutions" / scheme.PARTS[part].file).read_text()


def _errors(task):
    """(errors per seed, CPU seconds per run) of one implementation on one case."""
    check_id, source, case, seeds = task
    module = _module(source)
    mdp, env = learning_env(case)
    if check_id == "td.evaluate":
        policy = evaluation_policy(case, mdp)  # the graded case's policy, whatever the seed
        exact = exact_v_pi(mdp, policy)
    else:
        exact = exact_q_star(mdp)
    errors = []
    started = time.process_time()
    for seed in seeds:
        with np.errstate(all="ignore"):
            if check_id == "td.evaluate":
                got = module.td0_evaluate(
                    env, policy.copy(), case["num_episodes"], case["alpha"], mdp.gamma, seed
                )
            else:
                got = module.q_learning(
                    env, case["num_episodes"], case["alpha"], mdp.gamma, case["epsilon"], seed
                )
            error = float(np.max(np.abs(np.asarray(got, dtype=np.float64) - exact)))
        errors.append(error if np.isfinite(error) else np.inf)
    return np.array(errors), (time.process_time() - started) / len(seeds)


def _seeds(case: dict, count: int) -> list:
    return [case["seed"] + SEED_STRIDE * k for k in range(count)]


def validate(check_id: str, num_seeds: int, mistake_seeds: int, pool) -> bool:
    part = CHECKS[check_id]
    check = scheme.check(check_id)
    bank = {m.id: m for m in expected.load_mistakes(part)}
    implementations = {"ok: reference": _reference_source(part)}
    implementations.update(
        {
            f"ok: {v.id}": variants.source(v)
            for v in variants.load("correct", part)
            if variants.proven_on(v, check_id)
        }
    )
    mistakes = {f"bank: {mid}": expected.variant_source(mid) for mid in bank}
    unnamed = {
        f"unnamed: {v.id}": v
        for v in variants.load("unnamed", part)
        if check_id in v.meta["CAUGHT_BY"]
    }
    mistakes.update({name: variants.source(v) for name, v in unnamed.items()})
    tasks, keys = [], []
    for case_id, case in check.cases.items():
        for name, source in implementations.items():
            tasks.append((check_id, source, case, _seeds(case, num_seeds)))
            keys.append((case_id, name))
        for name, source in mistakes.items():
            tasks.append((check_id, source, case, _seeds(case, mistake_seeds)))
            keys.append((case_id, name))
    results = dict(zip(keys, pool.map(_errors, tasks), strict=True))

    ok = True
    print(
        f"\n## {check_id}: {num_seeds} seeds x {len(implementations)} correct implementations, "
        f"{mistake_seeds} seeds per mistake\n"
    )
    print(
        "| case | max_error | worst correct | margin | reference CPU-s/run | "
        "mistakes failing (share of seeds) |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for case_id, case in check.cases.items():
        bound = case["max_error"]
        worst = max(results[(case_id, name)][0].max() for name in implementations)
        margin = bound / worst
        ok &= margin >= MARGIN
        failing = []
        for name in mistakes:
            share = float(np.mean(results[(case_id, name)][0] > bound))
            if share:
                failing.append(f"{name.removeprefix('bank: ')} {share:.0%}")
        cpu = results[(case_id, "ok: reference")][1]
        print(
            f"| {case_id} | {bound:g} | {worst:.3f} | {margin:.2f}"
            f"{'' if margin >= MARGIN else ' (< 1.5!)'} | {cpu:.3f} | "
            f"{', '.join(failing) or 'none'} |"
        )
    print(
        "\nWorst correct error per implementation: "
        + "; ".join(
            f"{name.removeprefix('ok: ')}: "
            + ", ".join(f"{results[(c, name)][0].max():.3f}" for c in check.cases)
            for name in implementations
        )
    )

    print(f"\nCaught by {check_id} (fails >= 1 case) on what share of the {mistake_seeds} seeds:")
    for name in mistakes:
        caught = np.zeros(mistake_seeds, dtype=bool)
        for case_id, case in check.cases.items():
            caught |= results[(case_id, name)][0] > case["max_error"]
        mistake = bank.get(name.removeprefix("bank: ")) or unnamed.get(name)
        caught_by = () if mistake is None else getattr(mistake, "caught_by", None)
        if caught_by is None:  # an unnamed variant: its file's CAUGHT_BY
            caught_by = mistake.meta.get("CAUGHT_BY", ())
        required = check_id in caught_by
        flag = ""
        if required and not caught.all():
            flag, ok = "  <-- listed in CAUGHT_BY but escapes on some seeds", False
        elif mistake is not None and not required and caught.all():
            flag = "  (always caught: could be listed in CAUGHT_BY)"
        print(f"- {name}: {caught.mean():.0%}{' (in CAUGHT_BY)' if required else ''}{flag}")
    return ok


# ---- deep learning checks: a whole training run, judged by its episode returns ---------------
def _ratio(case: dict, returns) -> tuple:
    """(passes, score, last / first) by the hidden tests' own rule."""
    passes, last, first = learning_verdict(case, returns)
    return passes, last, last / first if first > 0 else np.inf


DEEP_CHECKS = {
    "dqn.train": ("dqn", dqn_probes.train),
    "reinforce.train": ("reinforce", reinforce_probes.train),
}

# Correct code that reads the contract differently, run on `--deep-mistake-seeds` seeds: it must
# pass on every one, like the reference.
DEEP_CORRECT = {
    "reinforce.train": {
        "baseline averaged over every time step": """
def _weights(rewards, gamma, use_reward_to_go, baseline):
    weights = []
    for rewards_i in rewards:
        to_go = reward_to_go(rewards_i, gamma)
        weights.append(to_go if use_reward_to_go else np.full(len(to_go), to_go[0]))
    if baseline:  # "their average over the batch": of every weight, so long episodes weigh more
        b = float(np.concatenate(weights).mean())
        weights = [w - b for w in weights]
    return weights
""",
    },
}


def _train(task):
    """(passes, score, ratio, CPU seconds, error) of one training run: the probe, then the rule
    on the returns the env itself saw finish (as the grader's env host counts them)."""
    import gymnasium
    import torch

    from autograder.sandbox.env_host import make_env

    torch.set_num_threads(1)  # as the grading worker runs every job
    check_id, source, case = task
    _, probe = DEEP_CHECKS[check_id]

    class Counting(gymnasium.Wrapper):
        def __init__(self, inner):
            super().__init__(inner)
            self.returns, self.current = [], 0.0

        def step(self, action):
            result = super().step(action)
            self.current += float(result[1])
            if result[2] or result[3]:
                self.returns.append(self.current)
                self.current = 0.0
            return result

    started = time.process_time()
    try:
        env = Counting(make_env(case["env"]))
        probe(_module(source), case, env)
        returns = env.returns
        passes, score, ratio = _ratio(case, returns)
        error = ""
    except Exception as exc:  # noqa: BLE001 - a mistake that raises fails the check
        passes, score, ratio, error = False, np.nan, np.nan, f"{type(exc).__name__}: {exc}"
    return bool(passes), score, ratio, time.process_time() - started, error


def validate_deep(check_id: str, num_seeds: int, mistake_seeds: int, pool) -> bool:
    part, _ = DEEP_CHECKS[check_id]
    check = scheme.check(check_id)
    bank = {m.id: m for m in expected.load_mistakes(part)}
    implementations = {"reference": (_reference_source(part), num_seeds)}
    reference = implementations["reference"][0]
    correct = DEEP_CORRECT.get(check_id, {})
    implementations.update(
        {f"ok: {name}": (reference + "\n" + code, mistake_seeds) for name, code in correct.items()}
    )
    implementations.update({mid: (expected.variant_source(mid), mistake_seeds) for mid in bank})
    tasks, keys = [], []
    for case_id, case in check.cases.items():
        for name, (source, count) in implementations.items():
            for seed in _seeds(case, count):
                tasks.append((check_id, source, {**case, "seed": seed}))
                keys.append((case_id, name))
    results = {}
    for key, result in zip(keys, pool.imap(_train, tasks), strict=True):
        results.setdefault(key, []).append(result)

    ok = True
    print(
        f"\n## {check_id}: {num_seeds} seeds of the reference, {mistake_seeds} seeds per "
        f"mistake (a case may use {check.cpu_seconds} CPU seconds)\n"
    )
    for case_id, case in check.cases.items():
        threshold = f"last {case['last']} >= {case['min_return']:g}" + (
            f" and >= {case['min_improvement']:g} x first {case['last']}"
            if "min_improvement" in case
            else ""
        )
        ref = results[(case_id, "reference")]
        scores = np.array([r[1] for r in ref])
        cpu = np.array([r[3] for r in ref])
        failed = sum(not r[0] for r in ref)
        ok &= failed == 0
        ratio = f" | {min(r[2] for r in ref):.2f}" if check_id == "reinforce.train" else ""
        print(
            f"| case | threshold | reference mean | std | worst"
            f"{' | worst last/first' if ratio else ''} | reference fails | "
            "CPU-s/run (mean, max) |"
        )
        print("| --- " * (7 + bool(ratio)) + "|")
        print(
            f"| {case_id} | {threshold} | {scores.mean():.2f} | {scores.std(ddof=1):.2f} | "
            f"{scores.min():.2f}{ratio} | {failed}/{len(ref)}"
            f"{'' if failed == 0 else ' (!)'} | {cpu.mean():.1f}, {cpu.max():.1f} |"
        )
        print(f"\nReference scores by seed: {', '.join(f'{x:.2f}' for x in scores)}")
        for name in correct:
            runs = results[(case_id, f"ok: {name}")]
            failed_here = sum(not r[0] for r in runs)
            ok &= failed_here == 0
            alt = np.array([r[1] for r in runs])
            print(
                f"Correct alternative '{name}': fails {failed_here}/{len(runs)}"
                f"{'' if failed_here == 0 else ' (!)'}, mean {np.nanmean(alt):.2f}, "
                f"worst {np.nanmin(alt):.2f}"
            )
        # The mistakes run on the reference's first seeds: compare them on those.
        same = scores[:mistake_seeds] if len(scores) >= mistake_seeds else None
        if same is not None:
            print(f"Reference mean on the mistakes' {mistake_seeds} seeds: {same.mean():.2f}")

        print(
            f"\n| mistake | CAUGHT_BY lists {check_id} | fails (share of {mistake_seeds} seeds) "
            "| mean score | CPU-s/run |"
        )
        print("| --- | --- | --- | --- | --- |")
        for mid, mistake in bank.items():
            runs = results[(case_id, mid)]
            share = float(np.mean([not r[0] for r in runs]))
            mean = (
                float(np.nanmean([r[1] for r in runs]))
                if any(np.isfinite(r[1]) for r in runs)
                else np.nan
            )
            required = check_id in mistake.caught_by
            flag = ""
            if required and share < 1:
                flag, ok = " <-- listed in CAUGHT_BY but passes on some seeds", False
            elif not required and share == 1:
                flag = " (always caught: could be listed in CAUGHT_BY)"
            mistake_scores = np.array([r[1] for r in runs])
            if same is not None and np.array_equal(mistake_scores, same):
                flag += " (same score as the reference on every seed)"
            elif same is not None and np.isfinite(mean) and mean > same.mean():
                flag += " (mean above the reference's on the same seeds)"
            errors = {r[4] for r in runs if r[4]}
            if errors:
                flag += f" (raises: {'; '.join(sorted(errors))[:200]})"
            print(
                f"| {mid} | {'yes' if required else 'no'} | {share:.0%}{flag} | {mean:.2f} | "
                f"{np.mean([r[3] for r in runs]):.1f} |"
            )
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=200, help="seeds per correct implementation")
    parser.add_argument("--mistake-seeds", type=int, default=30, help="seeds per mistake")
    parser.add_argument(
        "--deep-seeds",
        type=int,
        default=20,
        help="seeds of the reference on the deep learning checks",
    )
    parser.add_argument(
        "--deep-mistake-seeds",
        type=int,
        default=10,
        help="seeds per mistake on the deep learning checks",
    )
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument(
        "--check",
        choices=sorted([*CHECKS, *DEEP_CHECKS]),
        action="append",
        help="only this check (repeatable)",
    )
    args = parser.parse_args(argv)
    ok = True
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for check_id in args.check or [*CHECKS, *DEEP_CHECKS]:
            if check_id in DEEP_CHECKS:
                ok &= validate_deep(check_id, args.deep_seeds, args.deep_mistake_seeds, pool)
            else:
                ok &= validate(check_id, args.seeds, args.mistake_seeds, pool)
    print("\nall thresholds validated" if ok else "\nSOME THRESHOLDS DO NOT VALIDATE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
