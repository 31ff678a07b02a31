"""Probes of Part 2, TD(0) policy evaluation (`td.py`)."""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import (
    learning_env,
    to_array,
    to_float,
    transition_stream,
)


def update_stream(td, case):
    """td0_update applied to a fixed stream of transitions: the V after each, and each delta."""
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
    """td0_evaluate on a sampled MDP; judged by its distance to the exact V^pi."""
    mdp, env = learning_env(case)
    policy = evaluation_policy(case, mdp)
    V = td.td0_evaluate(
        env, policy.copy(), case["num_episodes"], case["alpha"], mdp.gamma, case["seed"]
    )
    return {"V": to_array(V, "td0_evaluate")}
