"""Probes of Part 2, TD(0) policy evaluation (`td.py`)."""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import (
    learning_env,
    record_resets,
    to_array,
    to_float,
    transition_stream,
)

# One input at a time (autograder/grade/properties/td.py tests each dependence): the transition
# s -> s_next with reward r, and per variation (done, alpha, what is added to V(s_next)).
VARIATION_TRANSITION = {"s": 1, "r": 0.5, "s_next": 2, "gamma": 0.9}
VARIATIONS = (
    ("base", False, 0.25, 0.0),
    ("double alpha", False, 0.5, 0.0),
    ("terminal", True, 0.25, 0.0),
    ("terminal, V(s') + 1", True, 0.25, 1.0),
)


def variation_values(case) -> np.ndarray:
    """The V each variation starts from (a fresh copy each time)."""
    return np.random.default_rng(case["seed"]).normal(0.0, 1.0, size=case["num_states"])


def update_variations(td, case):
    """td0_update on one transition, one input changed at a time: V after each call, each delta."""
    t = VARIATION_TRANSITION
    trace, deltas = [], []
    for _, done, alpha, next_change in VARIATIONS:
        V = variation_values(case)
        V[t["s_next"]] += next_change
        delta = td.td0_update(V, t["s"], t["r"], t["s_next"], done, alpha, t["gamma"])
        deltas.append(to_float(delta, "td0_update"))
        trace.append(to_array(V, "the V given to td0_update").copy())
    return {"V_after": np.array(trace), "delta": np.array(deltas)}


def update_stream(td, case):
    """td0_update applied to a fixed stream of transitions: the V after each, and each delta."""
    if "variations" in case:
        return update_variations(td, case)
    S = case["num_states"]
    V = np.random.default_rng(case["seed"] + 1).normal(0.0, 1.0, size=S)
    deltas, trace = [], []
    for s, _, r, s_next, done in transition_stream(case, S):
        delta = td.td0_update(V, s, r, s_next, done, case["alpha"], case["gamma"])
        deltas.append(to_float(delta, "td0_update"))
        trace.append(to_array(V, "the V given to td0_update").copy())
    return {"V": np.array(trace), "delta": np.array(deltas)}


def evaluation_policy(case, mdp):
    """The fixed policy a td.evaluate case evaluates, drawn from the case's seed."""
    return np.random.default_rng(case["seed"] + 7).integers(mdp.num_actions, size=mdp.num_states)


def evaluate(td, case):
    """td0_evaluate on a sampled MDP; judged by its distance to the exact V^pi. The seed of
    every env.reset is recorded (raw) for the grader."""
    mdp, env = learning_env(case)
    seeds = record_resets(env)
    policy = evaluation_policy(case, mdp)
    V = td.td0_evaluate(
        env, policy.copy(), case["num_episodes"], case["alpha"], mdp.gamma, case["seed"]
    )
    return {"V": to_array(V, "td0_evaluate"), "reset_seeds": np.array(seeds, dtype=np.int64)}
