"""Probes of Part 3, Q-learning (`q_learning.py`)."""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import (
    ContractError,
    input_after,
    learning_env,
    record_resets,
    to_array,
    to_float,
    transition_stream,
)

# One input at a time (autograder/grade/properties/q_learning.py tests each dependence): the
# transition (s, a) -> s_next with reward r, and per variation (done, alpha, what is added to
# Q(s_next, .) at which actions). In Q(s_next, .) action 0 is the max by at least 2.
VARIATION_TRANSITION = {"s": 1, "a": 2, "r": 0.5, "s_next": 2, "gamma": 0.9}
VARIATIONS = (
    ("base", False, 0.25, (0.0, 0.0, 0.0)),
    ("double alpha", False, 0.5, (0.0, 0.0, 0.0)),
    ("terminal", True, 0.25, (0.0, 0.0, 0.0)),
    ("terminal, Q(s', .) + 1", True, 0.25, (1.0, 1.0, 1.0)),
    ("a non-max next action + 1", False, 0.25, (0.0, 0.0, 1.0)),
)


def variation_values(case) -> np.ndarray:
    """The Q each variation starts from (a fresh copy each time): 3 actions."""
    Q = np.random.default_rng(case["seed"]).normal(0.0, 0.3, size=(case["num_states"], 3))
    Q[VARIATION_TRANSITION["s_next"], 0] += 3.0
    return Q


def update_variations(ql, case):
    """q_learning_update on one transition, one input changed at a time: Q after each call, and
    each delta."""
    t = VARIATION_TRANSITION
    trace, deltas = [], []
    for _, done, alpha, next_change in VARIATIONS:
        Q = variation_values(case)
        Q[t["s_next"]] += np.array(next_change)
        delta = ql.q_learning_update(
            Q, t["s"], t["a"], t["r"], t["s_next"], done, alpha, t["gamma"]
        )
        deltas.append(to_float(delta, "q_learning_update"))
        trace.append(to_array(Q, "the Q given to q_learning_update").copy())
    return {"Q_after": np.array(trace), "delta": np.array(deltas)}


def update_stream(ql, case):
    """q_learning_update on a fixed stream of transitions: Q after each update, each delta."""
    if "variations" in case:
        return update_variations(ql, case)
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
    deltas, W_trace, b_trace, x_after, x_next_after = [], [], [], [], []
    for s, a, r, s_next, done in transition_stream(case, case["num_states"], A):
        x, x_next = features[s].copy(), features[s_next].copy()
        delta = ql.linear_q_update(W, b, x, a, r, x_next, done, case["alpha"], case["gamma"])
        deltas.append(to_float(delta, "linear_q_update"))
        W_trace.append(to_array(W, "the W given to linear_q_update").copy())
        b_trace.append(to_array(b, "the b given to linear_q_update").copy())
        x_after.append(to_array(x, "the x given to linear_q_update"))
        x_next_after.append(to_array(x_next, "the x_next given to linear_q_update"))
    return {
        "W": np.array(W_trace),
        "b": np.array(b_trace),
        "delta": np.array(deltas),
        # As they are after each call, raw: the grader compares them with the features it gave.
        input_after("x"): np.array(x_after),
        input_after("x_next"): np.array(x_next_after),
    }


def _action(action, num_actions: int) -> int:
    if isinstance(action, (bool, np.bool_)) or not isinstance(action, (int, np.integer)):
        raise ContractError(
            f"epsilon_greedy returned a {type(action).__name__}; return an int action index"
        )
    if not 0 <= int(action) < num_actions:
        raise ContractError(
            f"epsilon_greedy returned action {action}, outside 0..{num_actions - 1}"
        )
    return int(action)


def epsilon_greedy(ql, case):
    """The action of each of many calls with one seeded generator (the grader counts them)."""
    q_values = np.array(case["q_values"], dtype=np.float64)
    rng = np.random.default_rng(case["seed"])
    actions = []
    for _ in range(case["draws"]):
        actions.append(
            _action(ql.epsilon_greedy(q_values.copy(), case["epsilon"], rng), len(q_values))
        )
    return {"actions": np.array(actions, dtype=np.int64), **_replays(ql, case, q_values)}


# Calls of epsilon_greedy replayed twice from one seed, with Python's and numpy's global
# generators seeded differently before each replay: the grader compares the two, raw.
REPLAY_DRAWS = 200
GLOBAL_SEEDS = (1, 2)


def _replays(ql, case, q_values) -> dict:
    import random

    found = {}
    for replay, global_seed in enumerate(GLOBAL_SEEDS):
        random.seed(global_seed)
        np.random.seed(global_seed)
        rng = np.random.default_rng(case["seed"] + 1)
        found[f"replay_{replay}"] = np.array(
            [
                _action(ql.epsilon_greedy(q_values.copy(), case["epsilon"], rng), len(q_values))
                for _ in range(REPLAY_DRAWS)
            ],
            dtype=np.int64,
        )
    return found


def learning(ql, case):
    """q_learning on a sampled MDP; judged by its distance to Q* and its greedy policy."""
    mdp, env = learning_env(case)
    seeds = record_resets(env)
    Q = ql.q_learning(
        env, case["num_episodes"], case["alpha"], mdp.gamma, case["epsilon"], case["seed"]
    )
    return {"Q": to_array(Q, "q_learning"), "reset_seeds": np.array(seeds, dtype=np.int64)}
