"""No constant table passes a learning check judged by its distance to an exact table.

`td.evaluate` and `q_learning.learning` pass an estimate within `max_error` of the exact V^pi /
Q* (largest error over all entries). The best constant table, c = (max + min) / 2 of the exact
table, is (max - min) / 2 away: a case whose `max_error` comes near that lets a stub returning
np.zeros (or any constant) earn points. Each case must keep `max_error` at most 1/1.5 of it, the
same margin `benchmarks/validate_thresholds.py` asks of the correct implementations on the other
side. The exact tables come from the oracles the grader's build uses; no expected data needed.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder import scheme
from autograder.build.oracles import q_learning_exact, td_exact

MARGIN = 1.5
EXACT = {"td.evaluate": (td_exact, "V"), "q_learning.learning": (q_learning_exact, "Q")}
CASES = [(check_id, case_id) for check_id in EXACT for case_id in scheme.check(check_id).cases]


@pytest.mark.parametrize(("check_id", "case_id"), CASES, ids=[f"{c}:{k}" for c, k in CASES])
def test_no_constant_table_passes(check_id, case_id):
    case = scheme.check(check_id).case(case_id)
    oracle, output = EXACT[check_id]
    exact = np.asarray(oracle(None, case)[output], dtype=np.float64)
    assert np.all(np.isfinite(exact)), f"{check_id} {case_id}: the exact table is not finite"
    best_constant = float(exact.max() - exact.min()) / 2
    assert case["max_error"] * MARGIN <= best_constant, (
        f"{check_id} {case_id}: the best constant table (every entry "
        f"{(exact.max() + exact.min()) / 2:.3g}) is {best_constant:.3g} from the exact one "
        f"(all zeros: {np.abs(exact).max():.3g}), under {MARGIN} x max_error "
        f"{case['max_error']:g}"
    )


@pytest.mark.parametrize("check_id", list(EXACT))
def test_every_case_is_covered(check_id):
    """Each check judged this way has cases, all with a max_error (the test above sees them)."""
    check = scheme.check(check_id)
    assert check.learning and check.cases
    assert all(case["max_error"] > 0 for case in check.cases.values())
