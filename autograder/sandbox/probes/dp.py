"""Probes of Part 1, dynamic programming (`dp.py`).

Every job's case is `{"mdp": <MDP spec>, "seed": int}`; inputs that are not the MDP (a V to back
up, a Q with ties) are drawn here from the case's seed, so they are the same on every run.
"""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import INPUT_AFTER, build_mdp, to_array, unchanged

# Synchronous backups that value_iteration must chain (in-place updates show up by then).
K_BACKUPS = 3


def _values(case, shape):
    return np.random.default_rng(case["seed"]).normal(0.0, 1.0, size=shape)


def backup_v(dp, case):
    mdp = build_mdp(case["mdp"])
    V = _values(case, mdp.num_states)
    given = V.copy()
    V_new = to_array(dp.bellman_backup_v(mdp, V), "bellman_backup_v")
    unchanged(given, V, "bellman_backup_v")
    return {"V": V_new, INPUT_AFTER: V}


def backup_q(dp, case):
    mdp = build_mdp(case["mdp"])
    Q = _values(case, (mdp.num_states, mdp.num_actions))
    given = Q.copy()
    Q_new = to_array(dp.bellman_backup_q(mdp, Q), "bellman_backup_q")
    unchanged(given, Q, "bellman_backup_q")
    return {"Q": Q_new, INPUT_AFTER: Q}


def k_backups(dp, case):
    """value_iteration stopped by max_iters after K_BACKUPS backups: V^3 exactly."""
    mdp = build_mdp(case["mdp"])
    V = to_array(dp.value_iteration(mdp, tol=0.0, max_iters=K_BACKUPS), "value_iteration")
    return {"V": V}


def value_iteration(dp, case):
    mdp = build_mdp(case["mdp"])
    return {"V": to_array(dp.value_iteration(mdp), "value_iteration")}


def stopping_rule(dp, case):
    """A loose tol: the answer is one particular iterate, so the stopping rule shows exactly."""
    mdp = build_mdp(case["mdp"])
    V = to_array(dp.value_iteration(mdp, tol=case["tol"], max_iters=10_000), "value_iteration")
    return {"V": V}


def q_iteration(dp, case):
    mdp = build_mdp(case["mdp"])
    return {"Q": to_array(dp.q_iteration(mdp), "q_iteration")}


def greedy_policy(dp, case):
    """A Q-table of small integers, so that many states have ties."""
    mdp = build_mdp(case["mdp"])
    Q = np.random.default_rng(case["seed"]).integers(0, 3, size=(mdp.num_states, mdp.num_actions))
    Q = Q.astype(np.float64)
    given = Q.copy()
    pi = to_array(dp.greedy_policy(Q), "greedy_policy", kind="int")
    unchanged(given, Q, "greedy_policy")
    return {"pi": pi, INPUT_AFTER: Q}
