"""Probes of Part 1, dynamic programming (`dp.py`).

Every job's case is `{"mdp": <MDP spec>, "seed": int}`; inputs that are not the MDP (a V to back
up, a Q with ties) are drawn here from the case's seed, so they are the same on every run.
"""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import (
    INPUT_AFTER,
    ContractError,
    build_mdp,
    input_after,
    to_array,
    unchanged,
)

# Synchronous backups that value_iteration must chain (in-place updates show up by then).
K_BACKUPS = 3
# The MDP's arrays are returned after a backup on MDPs up to this size (the grader compares them
# with the MDP it gave): enough to see a backup that writes into `mdp`, small enough to store.
MDP_AFTER_MAX_STATES = 20


def _values(case, shape):
    return np.random.default_rng(case["seed"]).normal(0.0, 1.0, size=shape)


def _mdp_after(mdp, function: str) -> dict:
    """mdp.P, mdp.R and mdp.gamma as they are after the call, raw (small MDPs only)."""
    if mdp.num_states > MDP_AFTER_MAX_STATES:
        return {}
    found = {}
    for name in ("P", "R", "gamma"):
        try:
            found[input_after(f"mdp.{name}")] = np.array(getattr(mdp, name), dtype=np.float64)
        except (AttributeError, TypeError, ValueError):
            raise ContractError(
                f"{function} replaced mdp.{name}; do not modify `mdp`, return new arrays"
            ) from None
    found[input_after("mdp.gamma")] = found[input_after("mdp.gamma")].reshape(-1)
    return found


def backup_v(dp, case):
    if "variations" in case:
        return backup_v_variations(dp, case)
    mdp = build_mdp(case["mdp"])
    V = _values(case, mdp.num_states)
    given = V.copy()
    V_new = to_array(dp.bellman_backup_v(mdp, V), "bellman_backup_v")
    unchanged(given, V, "bellman_backup_v")
    return {"V": V_new, INPUT_AFTER: V, **_mdp_after(mdp, "bellman_backup_v")}


def backup_q(dp, case):
    if "variations" in case:
        return backup_q_variations(dp, case)
    mdp = build_mdp(case["mdp"])
    Q = _values(case, (mdp.num_states, mdp.num_actions))
    given = Q.copy()
    Q_new = to_array(dp.bellman_backup_q(mdp, Q), "bellman_backup_q")
    unchanged(given, Q, "bellman_backup_q")
    return {"Q": Q_new, INPUT_AFTER: Q}


# -- one input at a time: the backups on a small dense MDP and on variations of it --------------
# The grader (autograder/grade/properties/dp.py) rebuilds the same MDP from the case and tests
# each dependence the lecture's backup states; the probe only records the backups' outputs.
def property_mdp(case) -> tuple:
    """(P, R, gamma, the V or Q to back up) of a variations case: every p(s'|s,a) > 0.08, so that
    every next state's weight shows; in Q, action 1 is the best by 3 in every state."""
    rng = np.random.default_rng(case["seed"])
    S, A = case["num_states"], case["num_actions"]
    P = rng.uniform(0.5, 1.5, size=(S, A, S))
    P /= P.sum(axis=2, keepdims=True)
    R = rng.normal(0.0, 1.0, size=(S, A, S))
    values = rng.normal(0.0, 1.0, size=S)
    if A > 1:
        values = values[:, None] + 3.0 * (np.arange(A)[None, :] == 1)
    return P, R, float(case["gamma"]), values


def _backup(function, P, R, gamma, values, name, after=None):
    """The backup of a copy of `values`; `after` (a list) receives that copy as it is after the
    call, raw: the grader compares it with the input (protocol.INPUT_AFTER)."""
    import envs

    passed = values.copy()
    out = function(envs.TabularMDP(P, R, gamma), passed)
    if after is not None:
        after.append(passed)
    return to_array(out, name)


def _plus(array: np.ndarray, index) -> np.ndarray:
    """A copy of `array` with 1 added at `index`: one input changed at a time."""
    changed = array.copy()
    changed[index] += 1.0
    return changed


def backup_v_variations(dp, case):
    """V^{i+1} of a small MDP with one action, then with one input changed by +1 at a time: the
    reward of leaving state j (R[j]), the value V(t) of one next state, the reward R[s, 0, t]
    of one transition."""
    P, R, gamma, V = property_mdp(case)
    S = len(V)

    after: list = []

    def backup(P_=P, R_=R, V_=V, after_=None):
        return _backup(dp.bellman_backup_v, P_, R_, gamma, V_, "bellman_backup_v", after_)

    return {
        "V": backup(after_=after),
        INPUT_AFTER: after[0],
        "V_reward_of_state": np.array([backup(R_=_plus(R, j)) for j in range(S)]),
        "V_value_of_next_state": np.array([backup(V_=_plus(V, t)) for t in range(S)]),
        "V_reward_of_transition": np.array(
            [backup(R_=_plus(R, (s, 0, t))) for s in range(S) for t in range(S)]
        ),
    }


def backup_q_variations(dp, case):
    """Q^{i+1} of a small MDP with two actions (action 1 the best everywhere), then with one input
    changed by +1 at a time: the reward of leaving state j, the values Q(t, .) of one next state,
    the value Q(t, 0) of a next action that is not the max, the reward R[s, a, t]."""
    P, R, gamma, Q = property_mdp(case)
    S, A = Q.shape

    after: list = []

    def backup(P_=P, R_=R, Q_=Q, after_=None):
        return _backup(dp.bellman_backup_q, P_, R_, gamma, Q_, "bellman_backup_q", after_)

    return {
        "Q": backup(after_=after),
        INPUT_AFTER: after[0],
        "Q_reward_of_state": np.array([backup(R_=_plus(R, j)) for j in range(S)]),
        "Q_value_of_next_state": np.array([backup(Q_=_plus(Q, t)) for t in range(S)]),
        "Q_value_of_non_max_action": np.array([backup(Q_=_plus(Q, (t, 0))) for t in range(S)]),
        "Q_reward_of_transition": np.array(
            [backup(R_=_plus(R, (s, a, t))) for s in range(S) for a in range(A) for t in range(S)]
        ),
    }


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
    """With the defaults (converges to Q*), or with a case's loose tol or max_iters: then the
    answer is one particular iterate, so the stopping rule shows exactly."""
    mdp = build_mdp(case["mdp"])
    options = {name: case[name] for name in ("tol", "max_iters") if name in case}
    return {"Q": to_array(dp.q_iteration(mdp, **options), "q_iteration")}


def greedy_policy(dp, case):
    """A Q-table of small integers, so that many states have ties."""
    mdp = build_mdp(case["mdp"])
    Q = np.random.default_rng(case["seed"]).integers(0, 3, size=(mdp.num_states, mdp.num_actions))
    Q = Q.astype(np.float64)
    given = Q.copy()
    pi = to_array(dp.greedy_policy(Q), "greedy_policy", kind="int")
    unchanged(given, Q, "greedy_policy")
    return {"pi": pi, INPUT_AFTER: Q}
