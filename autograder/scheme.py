"""The grading scheme: every part, check, case, point, visibility and time budget, in one place.

This module is data. Adding a hidden case is one line in a check's `cases`; the hidden tests, the
expected outputs, the README's points table and the mistake bank all read from here.

Visibility is Gradescope's: "visible" (shown at once), "after_due_date", "after_published",
"hidden". The hidden suite never shows expected values, whatever the visibility.
"""

from __future__ import annotations

import dataclasses
import re


@dataclasses.dataclass(frozen=True)
class Part:
    name: str
    file: str  # the student file Gradescope expects
    title: str
    number: int  # Gradescope sorts tests by number: part.check.case
    preload_torch: bool = False
    budget_seconds: float = 120.0  # wall clock of the whole part in the sandbox


@dataclasses.dataclass(frozen=True)
class Check:
    id: str  # "<part>.<probe>"
    title: str
    points: float  # for all cases together
    cases: dict  # case id -> case (plain data handed to the probe)
    rtol: float = 1e-6
    atol: float = 1e-8
    timeout: float = 10.0  # seconds per case
    visibility: str = "visible"
    formula: str = ""  # the lecture's formula to re-read when it fails
    reference_only: bool = False  # run on the reference only (data for other checks)

    @property
    def part(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def probe(self) -> str:
        return self.id.split(".", 1)[1]

    @property
    def points_per_case(self) -> float:
        return self.points / len(self.cases)

    def job_key(self, case_id: str) -> str:
        return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{self.probe}--{case_id}")


PARTS = {
    "dp": Part("dp", "dp.py", "Dynamic programming: value iteration and Q-iteration", 1),
}

# ---------------------------------------------------------------------------------------------
# MDPs shared by the dynamic-programming checks. Sizes 2..500 states, gamma 0..0.99,
# dense and sparse transitions, absorbing states; "racing" and "gridworld" are the lecture's.
MDPS = {
    "racing": {"kind": "racing", "gamma": 1.0},
    "racing-gamma0.9": {"kind": "racing", "gamma": 0.9},
    "gridworld": {"kind": "gridworld", "gamma": 0.9},
    "random-2s-2a-gamma0": {"kind": "random", "num_states": 2, "num_actions": 2, "seed": 11,
                            "gamma": 0.0},
    "random-5s-3a-gamma0.5": {"kind": "random", "num_states": 5, "num_actions": 3, "seed": 12,
                              "gamma": 0.5},
    "random-10s-4a-absorbing": {"kind": "random", "num_states": 10, "num_actions": 4, "seed": 13,
                                "gamma": 0.9, "num_absorbing": 2},
    "random-20s-2a-gamma0.99": {"kind": "random", "num_states": 20, "num_actions": 2,
                                "seed": 14, "gamma": 0.99},
    "random-50s-5a-sparse": {"kind": "random", "num_states": 50, "num_actions": 5, "seed": 15,
                             "gamma": 0.9, "branching": 3},
    "random-100s-4a-sparse-absorbing": {"kind": "random", "num_states": 100, "num_actions": 4,
                                        "seed": 16, "gamma": 0.95, "branching": 2,
                                        "num_absorbing": 5},
    "random-200s-3a-dense": {"kind": "random", "num_states": 200, "num_actions": 3, "seed": 17,
                             "gamma": 0.9},
    "random-500s-4a-sparse": {"kind": "random", "num_states": 500, "num_actions": 4, "seed": 18,
                              "gamma": 0.9, "branching": 4},
}

# Converging loops are costly on the largest MDPs; the single backups cover every MDP.
_CONVERGENCE_MDPS = [name for name in MDPS if name != "racing"]  # racing with gamma 1 diverges


def _mdp_cases(names, **extra):
    return {name: {"mdp": MDPS[name], "seed": 1000 + i, **extra} for i, name in enumerate(names)}


BELLMAN_V = "V^{i+1}(s) <- max_a sum_s' p(s'|s,a) [r(s,a,s') + gamma V^i(s')]"
BELLMAN_Q = "Q^{i+1}(s,a) <- sum_s' p(s'|s,a) [r(s,a,s') + gamma max_a' Q^i(s',a')]"

CHECKS = [
    Check("dp.backup_v", "bellman_backup_v: one synchronous backup of V", 6.0,
          _mdp_cases(MDPS), rtol=1e-5, atol=1e-8, formula=BELLMAN_V),
    Check("dp.k_backups", "value_iteration: V^3 after exactly three backups (max_iters=3)", 3.0,
          _mdp_cases(MDPS), rtol=1e-5, atol=1e-8, formula=BELLMAN_V,
          visibility="after_due_date"),
    Check("dp.value_iteration", "value_iteration: converges to V*", 6.0,
          _mdp_cases(_CONVERGENCE_MDPS), rtol=1e-5, atol=1e-6, timeout=30.0, formula=BELLMAN_V,
          visibility="after_due_date"),
    Check("dp.stopping_rule", "value_iteration: stops at the first iterate that moved < tol",
          2.0, _mdp_cases(["racing-gamma0.9", "gridworld", "random-20s-2a-gamma0.99"], tol=1e-3),
          rtol=1e-9, atol=1e-9, formula="stop when max_s |V^{i+1}(s) - V^i(s)| < tol",
          visibility="after_due_date"),
    Check("dp.backup_q", "bellman_backup_q: one synchronous Q-iteration backup", 5.0,
          _mdp_cases(MDPS), rtol=1e-5, atol=1e-8, formula=BELLMAN_Q),
    Check("dp.q_iteration", "q_iteration: converges to Q*", 5.0,
          _mdp_cases(_CONVERGENCE_MDPS), rtol=1e-5, atol=1e-6, timeout=30.0, formula=BELLMAN_Q,
          visibility="after_due_date"),
    Check("dp.greedy_policy", "greedy_policy: argmax_a Q(s, a), ties to the lowest index", 3.0,
          _mdp_cases(["racing", "gridworld", "random-10s-4a-absorbing", "random-50s-5a-sparse"]),
          rtol=0.0, atol=0.0, formula="pi*(s) = argmax_a Q*(s, a)"),
]

# Grading as a whole must end well inside Gradescope's own timeout, which would otherwise
# replace results.json with a zero.
GLOBAL_DEADLINE_SECONDS = 15 * 60


def check(check_id: str) -> Check:
    for item in CHECKS:
        if item.id == check_id:
            return item
    raise KeyError(f"no check {check_id!r} in the grading scheme")


def checks_of(part: str) -> list[Check]:
    return [item for item in CHECKS if item.part == part]


def student_files() -> list[str]:
    return [part.file for part in PARTS.values()]


def points_table() -> str:
    """The README's points table, generated from this scheme (a test keeps them equal)."""
    rows = ["| part | file | check | cases | points | visibility |",
            "| --- | --- | --- | --- | --- | --- |"]
    for part in PARTS.values():
        for item in checks_of(part.name):
            if item.reference_only:
                continue
            rows.append(f"| {part.number}. {part.name} | `{part.file}` | {item.title} | "
                        f"{len(item.cases)} | {item.points:g} | {item.visibility} |")
    total = sum(item.points for item in CHECKS if not item.reference_only)
    rows.append(f"| | | **total** | | **{total:g}** | |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(points_table())
