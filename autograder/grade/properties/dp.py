"""Properties of the Bellman backups, tested on the variations case (probes/dp.py,
`backup_v_variations`, `backup_q_variations`): one input changed by +1 at a time.

The lecture's synchronous backup V^{i+1}(s) = max_a sum_s' p(s'|s,a) [r(s,a,s') + gamma V^i(s')]
(and Q's) is, on the variations' MDP (every p(s'|s,a) > 0.08, one action for V, action 1 the
best by 3 in Q): unchanged outside state j when only the rewards of leaving j change; moved by
gamma p(t|s,a) when V(t) (every Q(t, .)) grows by 1; unmoved when a Q(t, a') below the max grows;
moved by p(t|s,a) at (s, a) when the reward R[s, a, t] grows by 1. Each test checks one of these
to TOL, far above float32 rounding and far below what any violation moves.
"""

from __future__ import annotations

import numpy as np

from autograder.grade.properties import Property
from autograder.sandbox.probes.dp import property_mdp

TOL = 1e-4

SYNCHRONOUS_V = Property(
    "bellman_backup_v.synchronous",
    "bellman_backup_v",
    "the lecture's backup is synchronous: V^{i+1} is computed from V^i only, so V^{i+1}(s) "
    "reads the rewards of leaving s and the old values, never a value of this sweep",
    "Compute every V^{i+1}(s) from the V you were given and write them into a new array.",
)
EXPECTATION_V = Property(
    "bellman_backup_v.expectation_over_next_states",
    "bellman_backup_v",
    "the backup takes the expectation over next states: when V^i(s') grows by 1, "
    "V^{i+1}(s) grows by gamma p(s'|s,a), for every next state s'",
    "Sum over s' weighted by p(s'|s,a) (no max over s').",
)
REWARD_V = Property(
    "bellman_backup_v.reward_of_the_transition",
    "bellman_backup_v",
    "the reward r(s,a,s') = R[s, a, s'] of the transition to s' is inside the expectation: "
    "when it grows by 1, V^{i+1}(s) grows by p(s'|s,a)",
    "Take sum_s' p(s'|s,a) [R[s, a, s'] + gamma V(s')].",
)
SYNCHRONOUS_Q = Property(
    "bellman_backup_q.synchronous",
    "bellman_backup_q",
    "the lecture's backup is synchronous: Q^{i+1} is computed from Q^i only, so Q^{i+1}(s, a) "
    "reads the rewards of leaving s and the old Q-values, never a value of this sweep",
    "Compute every Q^{i+1}(s, a) from the Q you were given and write them into a new array.",
)
MAX_NEXT_ACTION_Q = Property(
    "bellman_backup_q.max_over_next_actions",
    "bellman_backup_q",
    "the backup uses max_a' Q^i(s', a'): a Q^i(s', a') below that max does not count",
    "Take the max over next actions a' (not their mean or sum).",
)
EXPECTATION_Q = Property(
    "bellman_backup_q.expectation_over_next_states",
    "bellman_backup_q",
    "the backup takes the expectation over next states: when max_a' Q^i(s', a') grows by 1, "
    "Q^{i+1}(s, a) grows by gamma p(s'|s,a), for every next state s'",
    "Sum over s' weighted by p(s'|s,a) (no max over s').",
)
REWARD_Q = Property(
    "bellman_backup_q.reward_of_the_transition",
    "bellman_backup_q",
    "the reward r(s,a,s') = R[s, a, s'] of the transition to s' is inside the expectation: "
    "when it grows by 1, Q^{i+1}(s, a) grows by p(s'|s,a) and no other entry moves",
    "Take sum_s' p(s'|s,a) [R[s, a, s'] + gamma max_a' Q(s', a')].",
)
PROPERTIES = (
    SYNCHRONOUS_V,
    EXPECTATION_V,
    REWARD_V,
    SYNCHRONOUS_Q,
    MAX_NEXT_ACTION_Q,
    EXPECTATION_Q,
    REWARD_Q,
)


def _off(got, expected) -> bool:
    return bool(np.max(np.abs(np.asarray(got, np.float64) - expected)) > TOL)


def _reward_observed(changes: np.ndarray, P: np.ndarray) -> str:
    """How the backup weighted R[s, a, t] (changes[s, a, t]): the lecture's p(t|s,a) aside."""
    S = P.shape[0]
    diagonal = np.zeros_like(P)
    for s in range(S):
        diagonal[s, :, s] = 1.0
    if not _off(changes, 1.0):
        return "the reward of every next state counted in full, not weighted by p(s'|s,a)"
    if not _off(changes, diagonal):
        return "only the reward R[s, a, s] of staying in s counted: the reward is R[s, a, s']"
    if not _off(changes, 0.0):
        return "the rewards R[s, a, s'] did not count at all"
    return "changing R[s, a, s'] moved the backup by other amounts than p(s'|s,a)"


def violated_v(arrays: dict, case: dict) -> list:
    """[(Property, what was observed)] of bellman_backup_v, in the order the feedback names them."""
    P, R, gamma, V = property_mdp(case)
    S = len(V)
    base = arrays["V"].astype(np.float64)
    found = []
    moved = arrays["V_reward_of_state"].astype(np.float64) - base[None, :]
    elsewhere = [j for j in range(S) if _off(np.delete(moved[j], j), 0.0)]
    if elsewhere:
        found.append(
            (
                SYNCHRONOUS_V,
                f"when only the rewards of leaving state {elsewhere[0]} changed, your "
                "V^{i+1} changed at other states too: your backup is in place (it reads values "
                "it has just updated)",
            )
        )
    moved = arrays["V_value_of_next_state"].astype(np.float64) - base[None, :]
    if _off(moved, gamma * P[:, 0, :].T):
        still = int(np.sum(np.abs(moved) <= TOL))
        found.append(
            (
                EXPECTATION_V,
                "raising V^i(s') moved your V^{i+1}(s) by other amounts than gamma p(s'|s,a)"
                + (
                    f" (in {still} of {moved.size} cases not at all: a max over s'?)"
                    if still
                    else ""
                ),
            )
        )
    moved = arrays["V_reward_of_transition"].astype(np.float64) - base[None, :]
    changes = np.array([[moved[s * S + t, s] for t in range(S)] for s in range(S)])
    if _off(changes, P[:, 0, :]):
        found.append((REWARD_V, _reward_observed(changes[:, None, :], P[:, :1, :])))
    return found


def violated_q(arrays: dict, case: dict) -> list:
    """[(Property, what was observed)] of bellman_backup_q, in the order the feedback names them."""
    P, R, gamma, Q = property_mdp(case)
    S, A = Q.shape
    base = arrays["Q"].astype(np.float64)
    found = []
    moved = arrays["Q_reward_of_state"].astype(np.float64) - base[None]
    elsewhere = [j for j in range(S) if _off(np.delete(moved[j], j, axis=0), 0.0)]
    if elsewhere:
        found.append(
            (
                SYNCHRONOUS_Q,
                f"when only the rewards of leaving state {elsewhere[0]} changed, your "
                "Q^{i+1} changed at other states too: your backup is in place (it reads values "
                "it has just updated)",
            )
        )
    moved = arrays["Q_value_of_non_max_action"].astype(np.float64) - base[None]
    if _off(moved, 0.0):
        found.append(
            (
                MAX_NEXT_ACTION_Q,
                "raising Q^i(s', a') of an action below the max changed your Q^{i+1}: a mean "
                "or a sum over next actions?",
            )
        )
    moved = arrays["Q_value_of_next_state"].astype(np.float64) - base[None]
    if _off(moved, gamma * np.moveaxis(P, 2, 0)):
        found.append(
            (
                EXPECTATION_Q,
                "raising every Q^i(s', .) moved your Q^{i+1}(s, a) by other amounts than "
                "gamma p(s'|s,a)",
            )
        )
    moved = arrays["Q_reward_of_transition"].astype(np.float64) - base[None]
    changes = np.zeros((S, A, S))
    others = False
    for k, (s, a, t) in enumerate((s, a, t) for s in range(S) for a in range(A) for t in range(S)):
        changes[s, a, t] = moved[k, s, a]
        rest = moved[k].copy()
        rest[s, a] = 0.0
        others = others or _off(rest, 0.0)
    if _off(changes, P):
        found.append((REWARD_Q, _reward_observed(changes, P)))
    elif others:
        found.append((REWARD_Q, "changing R[s, a, s'] moved other entries than Q^{i+1}(s, a)"))
    return found


VIOLATED = {"dp.backup_v": violated_v, "dp.backup_q": violated_q}
