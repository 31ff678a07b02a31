"""Properties of q_learning_update, tested on its variations case (probes/q_learning.py,
`update_variations`): one transition (s, a) -> s_next, one input changed at a time.

The lecture's update Q(s,a) <- (1 - alpha) Q(s,a) + alpha [r + gamma max_a' Q(s',a')] (the max
taken as 0 when done): changes Q[s, a] in place and nothing else; when done, Q(s', .) does not
matter; a Q(s', a') below the max does not matter; the step is alpha times the TD error.
"""

from __future__ import annotations

import numpy as np

from autograder.grade.properties import Property
from autograder.sandbox.probes.q_learning import (
    VARIATION_TRANSITION,
    VARIATIONS,
    variation_values,
)

TOL = 1e-6

IN_PLACE = Property(
    "q_learning_update.updates_Q_sa_in_place",
    "q_learning_update",
    "q_learning_update changes Q[s, a] in place, and no other entry of Q",
    "Write the new Q(s, a) into the Q you were given (Q[s, a] += ...); leave the other "
    "actions and states alone.",
)
TERMINAL = Property(
    "q_learning_update.no_bootstrap_when_done",
    "q_learning_update",
    "when done, the target is just r: changing Q(s', .) changes neither the update nor the "
    "TD error",
    "Use target = r when done, whatever Q[s_next] holds.",
)
MAX_NEXT = Property(
    "q_learning_update.max_over_next_actions",
    "q_learning_update",
    "the target uses max_a' Q(s', a'): a Q(s', a') below that max does not count",
    "Take the max over next actions (not their mean).",
)
ALPHA = Property(
    "q_learning_update.step_linear_in_alpha",
    "q_learning_update",
    "Q(s, a) moves by alpha (target - Q(s, a)): doubling alpha doubles the step",
    "Apply alpha once, to the TD error.",
)
PROPERTIES = (IN_PLACE, TERMINAL, MAX_NEXT, ALPHA)


def _index(name: str) -> int:
    return [label for label, *_ in VARIATIONS].index(name)


def violated(arrays: dict, case: dict) -> list:
    """[(Property, what was observed)] of q_learning_update, in the feedback's order."""
    t = VARIATION_TRANSITION
    s, a, s_next = t["s"], t["a"], t["s_next"]
    Q0 = variation_values(case)
    after = arrays["Q_after"].astype(np.float64)
    delta = arrays["delta"].astype(np.float64)
    base = after[_index("base")]
    found = []
    moved = base - Q0
    at = moved[s, a]
    moved[s, a] = 0.0
    lecture_step = VARIATIONS[_index("base")][2] * (
        t["r"] + t["gamma"] * Q0[s_next].max() - Q0[s, a]
    )
    if np.any(np.abs(moved) > TOL):
        found.append((IN_PLACE, "other entries of Q changed (other actions of s, or of s'?)"))
    elif abs(at) <= TOL and abs(lecture_step) > 1e-3:
        found.append((IN_PLACE, "the Q you were given did not change at all"))
    keep = np.ones(Q0.shape, dtype=bool)
    keep[s_next] = False
    terminal, shifted = after[_index("terminal")], after[_index("terminal, Q(s', .) + 1")]
    if (
        np.any(np.abs(terminal[keep] - shifted[keep]) > TOL)
        or abs(delta[_index("terminal")] - delta[_index("terminal, Q(s', .) + 1")]) > TOL
    ):
        found.append((TERMINAL, "with done = True, changing Q(s', .) changed your update"))
    other = after[_index("a non-max next action + 1")]
    keep = np.ones(Q0.shape, dtype=bool)
    keep[s_next, 2] = False
    if (
        np.any(np.abs(other[keep] - base[keep]) > TOL)
        or abs(delta[_index("a non-max next action + 1")] - delta[_index("base")]) > TOL
    ):
        found.append((MAX_NEXT, "raising Q(s', a') of an action below the max changed your update"))
    step = at
    double_step = after[_index("double alpha")][s, a] - Q0[s, a]
    if abs(step) > 1e-3 and abs(double_step - 2 * step) > 1e-6 * max(1.0, abs(step)):
        found.append((ALPHA, f"doubling alpha multiplied the step by {double_step / step:.3g}"))
    return found


VIOLATED = {"q_learning.update_stream": violated}
