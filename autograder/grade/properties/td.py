"""Properties of td0_update, tested on its variations case (probes/td.py, `update_variations`):
one transition s -> s_next, one input changed at a time.

The lecture's TD(0) update V(s) <- V(s) + alpha (sample - V(s)), sample = r + gamma V(s')
(V(s') taken as 0 when done): changes V[s] in place and nothing else; when done, V(s') does not
matter; the step is alpha times the TD error, so doubling alpha doubles it.
"""

from __future__ import annotations

import numpy as np

from autograder.grade.properties import Property
from autograder.sandbox.probes.td import VARIATION_TRANSITION, VARIATIONS, variation_values

TOL = 1e-6

IN_PLACE = Property(
    "td0_update.updates_V_s_in_place",
    "td0_update",
    "td0_update changes V[s] in place, and no other entry of V",
    "Write the new V(s) into the V you were given (V[s] += ...); leave V(s') alone.",
)
TERMINAL = Property(
    "td0_update.no_bootstrap_when_done",
    "td0_update",
    "when done, the sample is just r: V(s') is taken as 0, so changing V(s') changes neither "
    "the update nor the TD error",
    "Use sample = r when done, whatever V[s_next] holds.",
)
ALPHA = Property(
    "td0_update.step_linear_in_alpha",
    "td0_update",
    "V(s) moves by alpha (sample - V(s)): doubling alpha doubles the step",
    "Apply alpha once, to the TD error.",
)
PROPERTIES = (IN_PLACE, TERMINAL, ALPHA)


def _index(name: str) -> int:
    return [label for label, *_ in VARIATIONS].index(name)


def violated(arrays: dict, case: dict) -> list:
    """[(Property, what was observed)] of td0_update, in the order the feedback names them."""
    t = VARIATION_TRANSITION
    s, s_next = t["s"], t["s_next"]
    V0 = variation_values(case)
    after = arrays["V_after"].astype(np.float64)
    delta = arrays["delta"].astype(np.float64)
    base, double = after[_index("base")], after[_index("double alpha")]
    found = []
    others = np.delete(base - V0, s)
    lecture_step = VARIATIONS[_index("base")][2] * (t["r"] + t["gamma"] * V0[s_next] - V0[s])
    if np.any(np.abs(others) > TOL):
        found.append((IN_PLACE, "other entries of V changed (V(s') among them?)"))
    elif abs(base[s] - V0[s]) <= TOL and abs(lecture_step) > 1e-3:
        found.append((IN_PLACE, "the V you were given did not change at all"))
    terminal, shifted = after[_index("terminal")], after[_index("terminal, V(s') + 1")]
    keep = np.arange(len(V0)) != s_next
    if (
        np.any(np.abs(terminal[keep] - shifted[keep]) > TOL)
        or abs(delta[_index("terminal")] - delta[_index("terminal, V(s') + 1")]) > TOL
    ):
        found.append((TERMINAL, "with done = True, changing V(s') changed your update"))
    step, double_step = base[s] - V0[s], double[s] - V0[s]
    if abs(step) > 1e-3 and abs(double_step - 2 * step) > 1e-6 * max(1.0, abs(step)):
        found.append((ALPHA, f"doubling alpha multiplied the step by {double_step / step:.3g}"))
    return found


VIOLATED = {"td.update_stream": violated}
