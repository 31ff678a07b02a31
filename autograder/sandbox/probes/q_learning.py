"""Probes of Part 3, Q-learning (`q_learning.py`)."""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import (
    ContractError,
    learning_env,
    to_array,
    to_float,
    transition_stream,
)


def update_stream(ql, case):
    """q_learning_update on a fixed stream of transitions: Q after each update, each delta."""
    S, A = case["num_states"], case["num_actions"]
    Q = np.random.default_rng(case["seed"] + 1).normal(0.0, 1.0, size=(S, A))
    deltas, trace = [], []
    for s, a, r, s_next, done in transition_stream(case, S, A):
        delta = ql.q_learning_update(Q, s, a, r, s_next, done, case["alpha"], case["gamma"])
        deltas.append(to_float(delta, "q_learning_update"))
        trace.append(to_array(Q, "the Q given to q_learning_update").copy())
    return {"Q": np.array(trace), "delta": np.array(deltas)}


def linear_update_stream(ql, case):
    """linear_q_update on a fixed stream with dense features: W, b after each update, deltas."""
    A, d = case["num_actions"], case["num_features"]
    rng = np.random.default_rng(case["seed"] + 1)
    W, b = rng.normal(0.0, 0.5, size=(A, d)), rng.normal(0.0, 0.5, size=A)
    features = rng.normal(0.0, 1.0, size=(case["num_states"], d))
    deltas, W_trace, b_trace = [], [], []
    for s, a, r, s_next, done in transition_stream(case, case["num_states"], A):
        x, x_next = features[s].copy(), features[s_next].copy()
        delta = ql.linear_q_update(W, b, x, a, r, x_next, done, case["alpha"], case["gamma"])
        deltas.append(to_float(delta, "linear_q_update"))
        W_trace.append(to_array(W, "the W given to linear_q_update").copy())
        b_trace.append(to_array(b, "the b given to linear_q_update").copy())
    return {"W": np.array(W_trace), "b": np.array(b_trace), "delta": np.array(deltas)}


def epsilon_greedy(ql, case):
    """The action of each of many calls with one seeded generator (the grader counts them)."""
    q_values = np.array(case["q_values"], dtype=np.float64)
    rng = np.random.default_rng(case["seed"])
    actions = []
    for _ in range(case["draws"]):
        action = ql.epsilon_greedy(q_values.copy(), case["epsilon"], rng)
        if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
            raise ContractError(
                f"epsilon_greedy returned a {type(action).__name__}; return an int action index"
            )
        if not 0 <= int(action) < len(q_values):
            raise ContractError(
                f"epsilon_greedy returned action {action}, outside 0..{len(q_values) - 1}"
            )
        actions.append(int(action))
    return {"actions": np.array(actions, dtype=np.int64)}


def learning(ql, case):
    """q_learning on a sampled MDP; judged by its distance to Q* and its greedy policy."""
    mdp, env = learning_env(case)
    Q = ql.q_learning(
        env, case["num_episodes"], case["alpha"], mdp.gamma, case["epsilon"], case["seed"]
    )
    return {"Q": to_array(Q, "q_learning")}
