"""The grading scheme: every part, check, case, point, visibility and time budget, in one place.

This module is data. Adding a hidden case is one line in a check's `cases`; the hidden tests, the
expected outputs, the README's points table and the mistake bank all read from here.

Visibility is Gradescope's: "visible" (shown at once), "after_due_date", "after_published",
"hidden". The hidden suite never shows expected values, whatever the visibility.
"""

from __future__ import annotations

import dataclasses
import math
import re

# ---------------------------------------------------------------------------------------------
# Clocks. Gradescope kills a run at the assignment's "Autograder timeout" (its autograder
# settings page; 10 minutes by default, at most 40) and the student then gets a zero with no
# feedback. Every clock of the grader derives from this one setting: keep it equal to the
# settings page's.
PLATFORM_TIMEOUT_SECONDS = 600
# results.json is final at least this long before the platform's timeout, even when every
# graded function hangs (tests/grading/test_clocks.py checks the arithmetic below).
PLATFORM_MARGIN_SECONDS = 60
# run_autograder's backstop, if the grader ever missed its own deadline: SIGTERM this long after
# it (the grader then writes what it has), SIGKILL this long after the SIGTERM.
TERM_GRACE_SECONDS = 15
KILL_GRACE_SECONDS = 15
# The grader's deadline, from its start: results.json is final by then (510 s by default).
GRADER_DEADLINE_SECONDS = (
    PLATFORM_TIMEOUT_SECONDS - PLATFORM_MARGIN_SECONDS - TERM_GRACE_SECONDS - KILL_GRACE_SECONDS
)
GLOBAL_DEADLINE_SECONDS = GRADER_DEADLINE_SECONDS  # its former name
# Of that deadline, kept for the verdicts and writing results.json after the last part.
RESERVE_SECONDS = 30.0
# Wall seconds the grader itself needs at 0.5 vCPU, outside the parts' budgets: its start
# (interpreter, pytest, the hidden suite, intake) before the first part, and per part the
# sandbox's set-up and clean-up, the env hosts and reading the outputs back. Measured at 0.5
# vCPU (make bench): all of it together 2 to 10 s (the stubs' many failure messages).
GRADER_STARTUP_SECONDS = 10.0
PART_OVERHEAD_SECONDS = 3.0
# A part's worker: its start (interpreter, numpy, envs; for the parts with preload_torch, which
# share one worker, also torch and what torch loads lazily: about 6 CPU seconds), then the
# import of the student's file on its own clocks, like a case's; room for a library imported at
# module level (`import torch` costs about 3 CPU seconds), which the worker then loads once for
# every case.
WORKER_STARTUP_SECONDS = 5.0
TORCH_STARTUP_SECONDS = 20.0
IMPORT_CPU_SECONDS = 5
# Which clock judges what:
# - Wall clocks for the platform's timeout, the grader's deadline and the parts' budgets, which
#   share out that deadline: Gradescope's timeout is a wall clock, and code that sleeps or
#   waits uses no CPU.
# - CPU seconds for each case (`Check.timeout`, RLIMIT_CPU of the job's process): what the code
#   computes, the same on a busy host, a smaller vCPU share or a quiet laptop, so that a noisy
#   neighbour never costs a correct submission a case. Its wall-clock backstop, for code that
#   blocks, is WALL_PER_CPU_SECOND times as long: at 0.5 vCPU a job that spins reaches both at
#   once, and a correct job that uses a third of its CPU seconds uses a third of its wall clock.
#   A training case's wall clock also pays for its env, which steps in the grader.
WALL_PER_CPU_SECOND = 2.0
# Case clocks are written for the default platform timeout and scale with the setting.
CLOCK_SCALE = PLATFORM_TIMEOUT_SECONDS / 600


def cpu_limit(nominal: float) -> int:
    """A case's CPU seconds (whole seconds: RLIMIT_CPU's unit), scaled with the platform."""
    return max(1, math.ceil(nominal * CLOCK_SCALE))


IMPORT_WALL_SECONDS = WALL_PER_CPU_SECOND * cpu_limit(IMPORT_CPU_SECONDS)


@dataclasses.dataclass(frozen=True)
class Part:
    name: str
    file: str  # the student file Gradescope expects
    title: str
    number: int  # Gradescope sorts tests by number: part.check.case
    contract: tuple = ()  # the functions and classes of `file` that the grader calls
    preload_torch: bool = False

    @property
    def startup_seconds(self) -> float:
        """Wall seconds for the part's worker to start, before its first job."""
        return WORKER_STARTUP_SECONDS + (TORCH_STARTUP_SECONDS if self.preload_torch else 0.0)

    @property
    def hang_seconds(self) -> float:
        """Wall seconds of the part's import and jobs when every function hangs: the import's
        clock and one wall-clock backstop per function, its longest (after a timeout a
        function's remaining cases are skipped)."""
        worst = {}
        for item in checks_of(self.name):
            if not item.reference_only:
                worst[item.function] = max(worst.get(item.function, 0.0), item.wall_seconds)
        return IMPORT_WALL_SECONDS + sum(worst.values())

    @property
    def budget_seconds(self) -> float:
        """The wall clock of the whole part in the sandbox: its worker's start, then its
        hang_seconds, times budget_scale() when all of them would not fit in the deadline
        (then the last functions of a part where every function hangs are reported as not run,
        instead of with their own timeout)."""
        return self.startup_seconds + self.hang_seconds * budget_scale()


@dataclasses.dataclass(frozen=True)
class Check:
    id: str  # "<part>.<probe>"
    title: str
    points: float  # for all cases together
    cases: dict  # case id -> case (plain data handed to the probe)
    rtol: float = 1e-6
    atol: float = 1e-8
    # CPU seconds per case at the default platform timeout (the Clocks above): at least three
    # times what the reference and the correct alternatives use (`make bench` reports the share),
    # and never below 5 (what the old 10 s wall clock gave at 0.5 vCPU): room for a function that
    # imports torch itself (about 3 CPU seconds).
    timeout: float = 5.0
    visibility: str = "visible"
    formula: str = ""  # the lecture's formula to re-read when it fails
    reference_only: bool = False  # run on the reference only (data for other checks)
    oracle: str = ""  # reference-only: the function of autograder/oracles.py that computes it
    # Judged against a validated threshold, not the reference's output: a mistake's outputs here
    # depend on its random draws and cannot name it, so the mistake bank runs a learning check
    # only for the mistakes whose CAUGHT_BY lists it.
    learning: bool = False
    # Outputs whose length depends on what the code did (a record of a training loop): only
    # their number of dimensions must be the reference's; the verdict counts.
    any_length: bool = False

    @property
    def function(self) -> str:
        """The student function or class the check calls (its title's first word)."""
        return self.title.split(":", 1)[0].strip()

    @property
    def cpu_seconds(self) -> int:
        """The CPU seconds a case may use (RLIMIT_CPU of its job)."""
        return cpu_limit(self.timeout)

    @property
    def wall_seconds(self) -> float:
        """A case's wall-clock backstop."""
        return WALL_PER_CPU_SECOND * self.cpu_seconds

    @property
    def varies_in_length(self) -> bool:
        return self.learning or self.any_length

    @property
    def part(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def probe(self) -> str:
        return self.id.split(".", 1)[1]

    @property
    def points_per_case(self) -> float:
        return self.points / len(self.cases)

    def case(self, case_id: str) -> dict:
        return self.cases[case_id]

    def job_key(self, case_id: str) -> str:
        return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{self.probe}--{case_id}")


PARTS = {
    "dp": Part(
        "dp",
        "dp.py",
        "Dynamic programming: value iteration and Q-iteration",
        1,
        contract=(
            "bellman_backup_v",
            "value_iteration",
            "bellman_backup_q",
            "q_iteration",
            "greedy_policy",
        ),
    ),
    "td": Part(
        "td", "td.py", "TD(0) policy evaluation", 2, contract=("td0_update", "td0_evaluate")
    ),
    "q_learning": Part(
        "q_learning",
        "q_learning.py",
        "Q-learning: epsilon-greedy, tabular and linear",
        3,
        contract=("epsilon_greedy", "q_learning_update", "q_learning", "linear_q_update"),
    ),
    "dqn": Part(
        "dqn",
        "dqn.py",
        "Deep Q-learning: network, replay, frozen target",
        4,
        contract=(
            "QNetwork",
            "ReplayBuffer",
            "dqn_loss",
            "update_target",
            "epsilon_at",
            "train_dqn",
        ),
        preload_torch=True,
    ),
    "reinforce": Part(
        "reinforce",
        "reinforce.py",
        "Policy gradients: REINFORCE",
        5,
        contract=("PolicyNetwork", "reinforce_loss", "reward_to_go", "train_reinforce"),
        preload_torch=True,
    ),
}

# ---------------------------------------------------------------------------------------------
# MDPs shared by the dynamic-programming checks. Sizes 2..500 states, gamma 0..0.99,
# dense and sparse transitions, absorbing states; "racing" and "gridworld" are the lecture's.
MDPS = {
    "racing": {"kind": "racing", "gamma": 1.0},
    "racing-gamma0.9": {"kind": "racing", "gamma": 0.9},
    "gridworld": {"kind": "gridworld", "gamma": 0.9},
    "random-2s-2a-gamma0": {
        "kind": "random",
        "num_states": 2,
        "num_actions": 2,
        "seed": 11,
        "gamma": 0.0,
    },
    "random-5s-3a-gamma0.5": {
        "kind": "random",
        "num_states": 5,
        "num_actions": 3,
        "seed": 12,
        "gamma": 0.5,
    },
    "random-10s-4a-absorbing": {
        "kind": "random",
        "num_states": 10,
        "num_actions": 4,
        "seed": 13,
        "gamma": 0.9,
        "num_absorbing": 2,
    },
    "random-20s-2a-gamma0.99": {
        "kind": "random",
        "num_states": 20,
        "num_actions": 2,
        "seed": 14,
        "gamma": 0.99,
    },
    "random-50s-5a-sparse": {
        "kind": "random",
        "num_states": 50,
        "num_actions": 5,
        "seed": 15,
        "gamma": 0.9,
        "branching": 3,
    },
    "random-100s-4a-sparse-absorbing": {
        "kind": "random",
        "num_states": 100,
        "num_actions": 4,
        "seed": 16,
        "gamma": 0.95,
        "branching": 2,
        "num_absorbing": 5,
    },
    "random-200s-3a-dense": {
        "kind": "random",
        "num_states": 200,
        "num_actions": 3,
        "seed": 17,
        "gamma": 0.9,
    },
    "random-500s-4a-sparse": {
        "kind": "random",
        "num_states": 500,
        "num_actions": 4,
        "seed": 18,
        "gamma": 0.9,
        "branching": 4,
    },
}

# Converging loops are costly on the largest MDPs; the single backups cover every MDP.
_CONVERGENCE_MDPS = [name for name in MDPS if name != "racing"]  # racing with gamma 1 diverges


def _mdp_cases(names, **extra):
    return {name: {"mdp": MDPS[name], "seed": 1000 + i, **extra} for i, name in enumerate(names)}


# One input at a time: a backup of a small dense MDP and of its variations (the probe's
# `backup_*_variations`); the grader tests each dependence the lecture's backup states
# (autograder/grade/properties/dp.py) and names the first that fails.
_VARIATIONS_V = {
    "one-input-at-a-time": {
        "variations": True,
        "num_states": 4,
        "num_actions": 1,
        "gamma": 0.5,
        "seed": 1101,
    }
}
_VARIATIONS_Q = {
    "one-input-at-a-time": {
        "variations": True,
        "num_states": 4,
        "num_actions": 2,
        "gamma": 0.5,
        "seed": 1102,
    }
}
# q_iteration with a loose tol (the answer is one particular iterate, so the stopping rule shows
# exactly) and stopped by max_iters. The changes of the stopping iterate and of the one before
# are at least 3% away from tol on these MDPs: float32 arithmetic stops at the same iterate.
_Q_STOPPING = {
    f"{name}-tol0.01": {"mdp": MDPS[name], "seed": 1200 + i, "tol": 1e-2}
    for i, name in enumerate(["racing-gamma0.9", "gridworld", "random-5s-3a-gamma0.5"])
}
# The rule is on every Q(s, a), not on the state values max_a Q(s, a): here the first iterate
# moves a non-greedy action's value by 0.51 and no state's value by 0.3, so a rule on the state
# values stops one iterate early (Q^1 instead of Q^2, 0.1 apart); the correct rule's changes
# are 70% above and 66% below tol.
_Q_STOPPING["random-20s-2a-gamma0.99-tol0.3"] = {
    "mdp": MDPS["random-20s-2a-gamma0.99"],
    "seed": 1211,
    "tol": 0.3,
}
_Q_STOPPING["racing-gamma0.9-max_iters3"] = {
    "mdp": MDPS["racing-gamma0.9"],
    "seed": 1210,
    "tol": 0.0,
    "max_iters": 3,
}

BELLMAN_V = "V^{i+1}(s) <- max_a sum_s' p(s'|s,a) [r(s,a,s') + gamma V^i(s')]"
BELLMAN_Q = "Q^{i+1}(s,a) <- sum_s' p(s'|s,a) [r(s,a,s') + gamma max_a' Q^i(s',a')]"

CHECKS = [
    # Tolerances admit float32 arithmetic (about 1e-7 relative) and no known mistake.
    Check(
        "dp.backup_v",
        "bellman_backup_v: one synchronous backup of V",
        6.0,
        {**_mdp_cases(MDPS), **_VARIATIONS_V},
        rtol=1e-5,
        atol=1e-6,
        formula=BELLMAN_V,
    ),
    Check(
        "dp.k_backups",
        "value_iteration: V^3 after exactly three backups (max_iters=3)",
        3.0,
        _mdp_cases(MDPS),
        rtol=1e-5,
        atol=1e-8,
        formula=BELLMAN_V,
        visibility="after_due_date",
    ),
    # Converging on up to 500 states: the reference uses 0.6 CPU seconds, a correct loop over
    # (s, a) with numpy over s' 2.5 to 5 (tests/grading/test_correct_alternatives.py, the
    # in-place mistake's loop); 15, what the former 30-s wall clock gave at 0.5 vCPU, and 30 s
    # of wall clock, which the handout's public test (tests/public/test_dp.py) shows a student
    # at a third, so that a loop over s' fails there first.
    Check(
        "dp.value_iteration",
        "value_iteration: converges to V*",
        6.0,
        _mdp_cases(_CONVERGENCE_MDPS),
        rtol=1e-5,
        atol=1e-6,
        timeout=15.0,
        formula=BELLMAN_V,
        visibility="after_due_date",
    ),
    Check(
        "dp.stopping_rule",
        "value_iteration: stops at the first iterate that moved < tol",
        2.0,
        _mdp_cases(["racing-gamma0.9", "gridworld", "random-20s-2a-gamma0.99"], tol=1e-3),
        rtol=1e-6,
        atol=1e-5,
        formula="stop when max_s |V^{i+1}(s) - V^i(s)| < tol",
        visibility="after_due_date",
    ),
    Check(
        "dp.backup_q",
        "bellman_backup_q: one synchronous Q-iteration backup",
        5.0,
        {**_mdp_cases(MDPS), **_VARIATIONS_Q},
        rtol=1e-5,
        atol=1e-6,
        formula=BELLMAN_Q,
    ),
    Check(
        "dp.q_iteration",
        "q_iteration: converges to Q*, stops at the first iterate that moved < tol",
        5.0,
        {**_mdp_cases(_CONVERGENCE_MDPS), **_Q_STOPPING},
        rtol=1e-5,
        atol=1e-6,
        timeout=15.0,
        formula=BELLMAN_Q + ";  stop when max |Q^{i+1} - Q^i| < tol",
        visibility="after_due_date",
    ),
    Check(
        "dp.greedy_policy",
        "greedy_policy: argmax_a Q(s, a), ties to the lowest index",
        3.0,
        _mdp_cases(["racing", "gridworld", "random-10s-4a-absorbing", "random-50s-5a-sparse"]),
        rtol=0.0,
        atol=0.0,
        formula="pi*(s) = argmax_a Q*(s, a)",
    ),
]

# ---------------------------------------------------------------------------------------------
# Learning from samples. Update rules are compared on fixed transition streams at machine
# precision; the learning loops by properties any correct implementation meets whatever order it
# draws its random numbers in. Each `max_error` is validated on many seeds by
# benchmarks/validate_thresholds.py; the worst error seen is recorded next to it.
TD0 = "V(s) <- V(s) + alpha (sample - V(s)),  sample = r + gamma V(s')  (V(s') = 0 if terminal)"
Q_UPDATE = "Q(s,a) <- (1 - alpha) Q(s,a) + alpha [r + gamma max_a' Q(s',a')]"
LINEAR_Q = (
    "delta = r + gamma max_a' Q(s',a') - Q(s,a);  w_a <- w_a + alpha delta s;  "
    "b_a <- b_a + alpha delta"
)
EPSILON_GREEDY = "a = argmax_a Q(s,a) with probability 1 - epsilon, a random action with epsilon"

_STREAMS = {
    "alpha0.1-gamma0.9": {
        "num_states": 6,
        "num_actions": 3,
        "alpha": 0.1,
        "gamma": 0.9,
        "seed": 21,
    },
    "alpha1": {"num_states": 5, "num_actions": 2, "alpha": 1.0, "gamma": 0.9, "seed": 22},
    "gamma0": {"num_states": 5, "num_actions": 2, "alpha": 0.5, "gamma": 0.0, "seed": 23},
    "many-terminal": {
        "num_states": 4,
        "num_actions": 4,
        "alpha": 0.3,
        "gamma": 0.99,
        "seed": 24,
        "terminal_fraction": 0.6,
    },
    "no-terminal-gamma1": {
        "num_states": 3,
        "num_actions": 2,
        "alpha": 0.2,
        "gamma": 1.0,
        "seed": 25,
        "terminal_fraction": 0.0,
    },
}


# One transition, one input changed at a time (the probe's `update_variations`): the grader tests
# each dependence of the update (autograder/grade/properties/td.py, q_learning.py).
_UPDATE_VARIATIONS = {"one-input-at-a-time": {"variations": True, "num_states": 4, "seed": 26}}


def _learning_mdp(num_states, seed):
    return {
        "kind": "random",
        "num_states": num_states,
        "num_actions": 2,
        "seed": seed,
        "gamma": 0.9,
        "num_absorbing": 1,
    }


# `max_error` >= 1.5 x the worst error of three correct implementations (reference, and two that
# draw their random numbers in other orders) over 200 seeds each; "worst" in the comments. And
# `max_error` <= 1/1.5 of the best constant table's error, (max - min) / 2 of the exact table
# ("constant" in the comments; tests/grading/test_learning_cases.py): no constant table, an
# all-zeros stub included, passes. The random MDPs are sparse (2 successors per (s, a)), whose
# values spread far wider than dense ones' next to the sampling noise.
# Random MDPs end in an absorbing state; the racing cases (policy [fast, slow] for TD) never do:
# every episode ends by truncation after max_steps = 10, so only bootstrapping after a truncation
# (done = terminated, not terminated or truncated) gets V^pi / Q*: a case any random MDP with the
# default time limit of 100 steps misses.
_TD_EVALUATE = {
    "random-4s-seed84": {
        "mdp": {**_learning_mdp(4, 84), "gamma": 0.7, "branching": 2},
        "seed": 84,
        "num_episodes": 2000,
        "alpha": 0.01,
        "max_error": 0.2,
    },  # worst 0.028, constant 0.704
    "random-5s-seed50": {
        "mdp": {**_learning_mdp(5, 50), "num_absorbing": 2, "branching": 2},
        "seed": 50,
        "num_episodes": 700,
        "alpha": 0.02,
        "max_error": 0.25,
    },  # worst 0.044, constant 0.824
    "racing-truncated-seed1": {
        "mdp": {"kind": "racing", "gamma": 0.9},
        "seed": 1,
        "max_steps": 10,
        "num_episodes": 1000,
        "alpha": 0.02,
        "max_error": 1.0,
    },  # worst 0.358, constant 7.75
}

_Q_LEARNING = {
    "random-4s-seed53": {
        "mdp": {**_learning_mdp(4, 53), "branching": 2},
        "seed": 53,
        "num_episodes": 800,
        "alpha": 0.03,
        "epsilon": 0.5,
        "max_error": 0.45,
    },  # worst 0.167, constant 1.32
    "random-6s-seed86": {
        "mdp": {**_learning_mdp(6, 86), "gamma": 0.5, "num_absorbing": 2, "branching": 2},
        "seed": 86,
        "num_episodes": 1500,
        "alpha": 0.03,
        "epsilon": 0.5,
        "max_error": 0.4,
    },  # worst 0.130, constant 1.21
    "racing-truncated-seed43": {
        "mdp": {"kind": "racing", "gamma": 0.9},
        "seed": 43,
        "max_steps": 10,
        "num_episodes": 600,
        "alpha": 0.05,
        "epsilon": 0.3,
        "max_error": 1.5,
    },  # worst 0.571, constant 12.75
}

_EPSILON_GREEDY = {
    "epsilon0": {"q_values": [0.1, 0.5, -0.2], "epsilon": 0.0, "seed": 51, "draws": 2000},
    "epsilon1": {"q_values": [0.1, 0.5, -0.2, 0.0], "epsilon": 1.0, "seed": 52, "draws": 4000},
    "epsilon0.3": {"q_values": [1.0, -1.0, 3.0, 2.0], "epsilon": 0.3, "seed": 53, "draws": 4000},
    "ties": {"q_values": [0.0, 2.0, 2.0, 1.0], "epsilon": 0.2, "seed": 54, "draws": 4000},
}

CHECKS += [
    Check(
        "td.update_stream",
        "td0_update: TD(0) updates on a fixed stream of transitions",
        8.0,
        {**_STREAMS, **_UPDATE_VARIATIONS},
        rtol=1e-9,
        atol=1e-12,
        formula=TD0,
    ),
    Check(
        "td.evaluate",
        "td0_evaluate: approaches the exact V^pi",
        5.0,
        _TD_EVALUATE,
        timeout=6.0,
        formula=TD0,
        visibility="after_due_date",
        learning=True,
    ),
    Check("td.exact", "exact V^pi", 0.0, _TD_EVALUATE, reference_only=True, oracle="td_exact"),
    Check(
        "q_learning.update_stream",
        "q_learning_update: updates on a fixed stream",
        6.0,
        {**_STREAMS, **_UPDATE_VARIATIONS},
        rtol=1e-9,
        atol=1e-12,
        formula=Q_UPDATE,
    ),
    Check(
        "q_learning.epsilon_greedy",
        "epsilon_greedy: action frequencies, drawn from rng only",
        4.0,
        _EPSILON_GREEDY,
        formula=EPSILON_GREEDY,
    ),
    Check(
        "q_learning.learning",
        "q_learning: approaches Q* and its greedy policy",
        5.0,
        _Q_LEARNING,
        timeout=6.0,
        formula=Q_UPDATE,
        visibility="after_due_date",
        learning=True,
    ),
    Check(
        "q_learning.exact",
        "exact Q*",
        0.0,
        _Q_LEARNING,
        reference_only=True,
        oracle="q_learning_exact",
    ),
    Check(
        "q_learning.linear_update_stream",
        "linear_q_update: semi-gradient updates of Q(s,a) = w_a . s + b_a",
        5.0,
        {k: {**v, "num_features": 4} for k, v in _STREAMS.items()},
        rtol=1e-9,
        atol=1e-12,
        formula=LINEAR_Q,
    ),
]

# ---------------------------------------------------------------------------------------------
# The deep part. Tensors are float32: values and gradients compared at rtol 1e-5 / atol 1e-6.
DQN_LOSS = "( Q_new(s, a) - (r + gamma (1 - terminated) max_a' Q_old(s', a')) )^2, batch mean"
DQN_NET = "16 8x8 conv, stride 4 -> 32 4x4 conv, stride 2 -> FC-256 -> FC-actions (ReLU between)"
PG = (
    "grad J ~ (1/N) sum_i [sum_t grad log pi(a_t|s_t)] [sum_t r_t]; "
    "loss = -(1/N) sum_i [sum_t log pi(a_t|s_t)] [sum_t r_t]"
)
PG_STEP = (
    "every iteration: N episodes, then one Adam step (learning rate lr, one optimizer for the "
    "whole run) on loss = -(1/N) sum_i sum_t w_t^i log pi(a_t^i|s_t^i), w_t^i = sum_t' gamma^t' "
    "r_t'^i, or G_t^i with use_reward_to_go, minus their batch average with baseline"
)
# The oracle's tiny MDP: 2 states, 2 actions, horizon 3, from state 0. Action 1 in state 0 costs
# 0.5 now but leads to state 1, where action 0 earns 2: a per-step-reward estimator gets the sign
# of state 0's gradient wrong (163 standard errors off), the whole-return one is unbiased.
TINY_MDP = {
    "P": [[[0.9, 0.1], [0.1, 0.9]], [[0.8, 0.2], [0.2, 0.8]]],
    "R": [[0.0, -0.5], [2.0, 0.0]],
    "horizon": 3,
}

CHECKS += [
    Check(
        "dqn.network",
        "QNetwork: the lecture's layers, parameter count and forward pass",
        6.0,
        {
            "84px-4actions": {"in_channels": 4, "num_actions": 4, "frame_size": 84, "seed": 61},
            # ... and QNetwork(4, 3, frame_size=19), below the smallest size: a ValueError.
            "20px-3actions": {
                "in_channels": 4,
                "num_actions": 3,
                "frame_size": 20,
                "seed": 62,
                "too_small": 19,
            },
            "32px-2channels": {"in_channels": 2, "num_actions": 6, "frame_size": 32, "seed": 63},
        },
        rtol=1e-4,
        atol=1e-5,
        timeout=5.0,
        formula=DQN_NET,
    ),
    Check(
        "dqn.replay_buffer",
        "ReplayBuffer: wrap-around, filled slots only, dtypes, seeding",
        4.0,
        {
            "capacity5-after8": {
                "capacity": 5,
                "obs_shape": [2, 3, 3],
                "adds": 8,
                "batch_size": 16,
                "samples": 20,
                "seed": 65,
            },
            "capacity8-after3": {
                "capacity": 8,
                "obs_shape": [1, 4, 4],
                "adds": 3,
                "batch_size": 8,
                "samples": 20,
                "seed": 66,
                "empty_sample": True,  # sample() before any add raises ValueError
            },
        },
        timeout=5.0,
        formula="D keeps the last N transitions; sample uniformly from them",
    ),
    Check(
        "dqn.loss",
        "dqn_loss: value and gradient with a frozen target",
        8.0,
        {
            "catch-gamma0.99": {
                "game": "AtariLite/Catch-v0",
                "frame_size": 20,
                "batch_size": 32,
                "gamma": 0.99,
                "seed": 71,
            },
            "catch-gamma0": {
                "game": "AtariLite/Catch-v0",
                "frame_size": 20,
                "batch_size": 16,
                "gamma": 0.0,
                "seed": 72,
            },
            "catch-all-terminal": {
                "game": "AtariLite/Catch-v0",
                "frame_size": 20,
                "batch_size": 16,
                "gamma": 0.9,
                "seed": 73,
                "all_terminal": True,
            },
            "pong-truncations": {
                "game": "AtariLite/Pong-v0",
                "frame_size": 24,
                "batch_size": 32,
                "gamma": 0.9,
                "seed": 74,
                "max_episode_steps": 6,
            },
        },
        rtol=1e-5,
        atol=1e-6,
        timeout=5.0,
        formula=DQN_LOSS,
    ),
    Check(
        "dqn.target_update",
        "update_target: Q_old <- Q_new, a copy",
        2.0,
        {"copy": {"seed": 81}},
        rtol=1e-6,
        atol=1e-7,
        timeout=5.0,
        formula="Set Q_old <- Q_new at regular intervals (copy the weights, do not share them)",
    ),
    Check(
        "dqn.epsilon_schedule",
        "epsilon_at: linear decay, then constant",
        2.0,
        {
            "default-like": {
                "steps": [0, 1, 500, 999, 1000, 5000],
                "start": 1.0,
                "end": 0.05,
                "decay_steps": 1000,
            },
            "short": {"steps": [0, 3, 7, 10, 11], "start": 0.5, "end": 0.1, "decay_steps": 10},
        },
        rtol=1e-9,
        atol=1e-12,
        timeout=5.0,
        formula="epsilon decays linearly from start to end",
    ),
    # Learning checks: the mean return of the last 20 episodes within a fixed budget, judged as
    # "clearly better than a random policy", so that a correct submission drawing its random
    # numbers in another order (it behaves like another seed) passes. Validated with
    # benchmarks/validate_thresholds.py (--check dqn.train / reinforce.train): the reference on
    # many seeds, every mistake whose CAUGHT_BY lists the check, a random policy. Both were cut to
    # a third of their CPU in December 2026 (issue 14: a correct grading must fit 30 CPU-s; a
    # grading side by side with the former cases: train_dqn 23.3 -> 7.5 CPU-s, train_reinforce
    # 8.5 -> 3.1) with a verdict no weaker: the reference sits further from a random policy.
    # - DQN on Catch's 5 x 5 board (kwargs grid_size=5; 20-pixel frames, 4 pixels a cell, conv1's
    #   stride; the board the handout's `make plots` trains on), 1,200 steps, one gradient step
    #   every 2 (train_every 2, Adam lr 2e-3), epsilon from 1 to 0.01 over the first 300: about
    #   550 gradient steps (a run costs its gradient steps). A ball falls in 4 steps instead of
    #   9, so the value of tracking it propagates in far fewer updates. Reference 3.65 +- 0.80 on
    #   40 seeds, none fails, worst 1.55 (then 2.00, 2.25); a random policy -0.76 an episode,
    #   best of 1000 runs of 20 episodes -0.15. Threshold 0.5 between the two: 10 standard
    #   deviations of a random policy's score above its mean (-0.4 was 6 on the 10 x 10 board).
    #   The (B, 1) broadcast, the only mistake that breaks learning, fails every seed; the other
    #   mistakes still learn and are caught by the deterministic checks.
    #   Until 2026-12-02: 1,000 steps, a gradient step every step (lr 1e-3), about 900 gradient
    #   steps: on the same 40 seeds 3.75 +- 0.81, worst 1.20, for a third more CPU (4.95 against
    #   3.70 CPU-s a run, one batch after the other). Not taken: 1,000 steps with train_every
    #   2 and lr 3e-3 (40 seeds: worst 0.55), 800 steps (1 of 20 seeds fails), a batch of 16
    #   (1 of 20 fails), 900 steps with epsilon over 200 (worst 1.10 of 40).
    #   Until then: the 10 x 10 board, 3,000 steps, threshold -0.4 (reference 1.16 +- 0.66, worst
    #   0.30 of 20 seeds; a random policy's best of 1000 runs -0.55): at 2,500 steps one seed in
    #   20 failed, at 2,000 four; train_every 2 with lr 2e-3 (mean 0.44, worst -0.15 of 6
    #   seeds), train_every 4 with lr 3e-3 or 1,600 steps with lr 2e-3 learned too slowly.
    # - REINFORCE with baseline=True (each trajectory's return minus the batch's average return;
    #   Adam lr 0.01, 16 episodes an iteration, gamma 1 as by default), 10 iterations. Until then
    #   the lecture's estimator without a baseline, 22 iterations: 2 of 60 reference seeds failed
    #   (the policy collapsed: the "high variance -> unstable training" the lecture names), so a
    #   correct submission drawing in another order lost these points a few times in a hundred.
    #   With every weight positive, each step makes whatever was played more likely; centred
    #   weights make the shorter-than-average episodes less likely. Reference 59.0 +- 12.1 on 60
    #   seeds, none fails, worst 37.3 (then 40.7, 41.0, 41.1), worst last/first 1.74; about 6,500
    #   env steps a run (at most 9,600), 2.7 times less CPU than before. A random policy 22.3 an
    #   episode, best of 1000 runs of 20 episodes 31.8 (and about 1x its first 20). Thresholds 35
    #   and 1.25x, as before. The other reading of "their average over the batch" (over every
    #   time step, so long episodes weigh more): 60.2 +- 7.2 on 10 seeds, worst 49.6. The wrong
    #   sign and the argmax log-probability fail every seed (10 of 10, mean 10.4). 12 iterations
    #   do not widen the worst margin (60 seeds: 67.7 +- 17.1, none fails, worst 36.1: a policy
    #   can get worse again) for a third more CPU. The default estimator, reinforce_loss, is
    #   what reinforce.train_update watches.
    #   CPU: the case's limits (70 and 40 CPU-s, twice that of wall clock) are kept: correct code
    #   now uses about a tenth of them, headroom for a busy host.
    Check(
        "dqn.train",
        "train_dqn: learns to play Catch (5 x 5 board) within 1,200 steps",
        6.0,
        {
            "catch-5x5-20px": {
                "env": {
                    "id": "AtariLite/Catch-v0",
                    "frame_size": 20,
                    "kwargs": {"grid_size": 5},
                    "stack": 4,
                    "max_steps": 2000,
                },
                "num_steps": 1200,
                "seed": 0,
                "last": 20,
                "min_return": 0.5,
                "hyperparameters": {
                    "gamma": 0.9,
                    "epsilon_end": 0.01,
                    "epsilon_decay_steps": 300,
                    "train_every": 2,
                    "lr": 2e-3,
                },
            }
        },
        timeout=70.0,
        formula="Algorithm 1: Deep Q-learning with Experience Replay",
        visibility="after_due_date",
        learning=True,
    ),
    # A short train_dqn run on Pong with a 6-step time limit (truncations), watching
    # ReplayBuffer.add: each stored transition must be what the env returned at that step.
    Check(
        "dqn.train_transitions",
        "train_dqn: stores (phi_t, a_t, r_t, phi_t+1, terminated) in D",
        2.0,
        {
            "pong-truncations": {
                "env": {
                    "id": "AtariLite/Pong-v0",
                    "frame_size": 24,
                    "stack": 4,
                    "max_episode_steps": 6,
                    "max_steps": 200,
                    "record_observations": True,
                },
                "num_steps": 60,
                "seed": 75,
                "hyperparameters": {"learning_starts": 20, "batch_size": 8, "buffer_capacity": 100},
            }
        },
        timeout=5.0,
        any_length=True,
        formula="store transition (phi_t, a_t, r_t, phi_t+1) in D; only a termination (not a "
        "time-limit truncation) is terminal",
    ),
    # A short train_dqn run on Catch, watched at every step (probes/dqn.py, train_steps): every
    # event of Algorithm 1 happens a few times in 80 steps. Exploration falls from 1 to 0 over
    # the first 40 steps (every later action must be greedy; before, a correct loop explores
    # at least 4 times in all but one run of a million), training at t = 12, 15, ..., the
    # target synced at t = 0, 8, 16, ..., and an lr that is not the default.
    Check(
        "dqn.train_steps",
        "train_dqn: follows Algorithm 1 step by step (exploration, updates, Q_old, seeding)",
        3.0,
        {
            "catch-80-steps": {
                "env": {"id": "AtariLite/Catch-v0", "frame_size": 20, "stack": 4, "max_steps": 200},
                "num_steps": 80,
                "seed": 77,
                "hyperparameters": {
                    "gamma": 0.9,
                    "lr": 0.005,
                    "batch_size": 4,
                    "buffer_capacity": 100,
                    "learning_starts": 12,
                    "train_every": 3,
                    "target_update_every": 8,
                    "epsilon_start": 1.0,
                    "epsilon_end": 0.0,
                    "epsilon_decay_steps": 40,
                },
            }
        },
        timeout=5.0,
        any_length=True,
        formula="Algorithm 1: epsilon-greedy on Q_new; if t >= learning_starts and "
        "t % train_every == 0: one gradient step on dqn_loss(Q_new, Q_old, minibatch, gamma); "
        "if t % target_update_every == 0: Q_old <- Q_new",
    ),
    Check(
        "reinforce.loss_gradient",
        "reinforce_loss: value and gradient on fixed trajectories",
        6.0,
        {
            "one-trajectory": {"num_states": 3, "num_actions": 2, "lengths": [5], "seed": 91},
            "four-of-different-lengths": {
                "num_states": 4,
                "num_actions": 3,
                "lengths": [1, 4, 7, 2],
                "seed": 92,
            },
            "negative-returns": {
                "num_states": 2,
                "num_actions": 2,
                "lengths": [3, 3, 6],
                "seed": 93,
                "reward_mean": -2.0,
            },
        },
        rtol=1e-5,
        atol=1e-8,
        timeout=5.0,
        formula=PG,
    ),
    Check(
        "reinforce.reward_to_go",
        "reward_to_go: G_t = sum_{t' >= t} gamma^(t'-t) r_t'",
        2.0,
        {
            "gamma1": {"length": 6, "gamma": 1.0, "seed": 94},
            "gamma0.9": {"length": 8, "gamma": 0.9, "seed": 95},
            "gamma0": {"length": 4, "gamma": 0.0, "seed": 96},
        },
        # float32 arithmetic is correct code (tests/variants/correct/reinforce_loops_float32.py
        # is off by about 1e-7); every known mistake is off by more than 0.1.
        rtol=1e-6,
        atol=1e-6,
        timeout=5.0,
        formula="G_t = r_t + gamma G_{t+1}",
    ),
    Check(
        "reinforce.gradient_estimates",
        "reinforce_loss: the estimator is unbiased (mean of many estimates = grad J)",
        5.0,
        {
            "tiny-mdp": {
                "num_states": 2,
                "num_actions": 2,
                "seed": 97,
                "mdp": TINY_MDP,
                "batches": 300,
                "episodes_per_batch": 8,
            }
        },
        timeout=8.0,
        formula=PG,
        visibility="after_due_date",
    ),
    Check(
        "reinforce.exact",
        "exact grad J",
        0.0,
        {"tiny-mdp": {"num_states": 2, "num_actions": 2, "seed": 97, "mdp": TINY_MDP}},
        reference_only=True,
        oracle="reinforce_exact",
    ),
    Check(
        "reinforce.policy_network",
        "PolicyNetwork: the docstring's layers, frames scaled to [0, 1], ValueError, softmax",
        2.0,
        {
            "vector-obs": {"obs_shape": [4], "num_actions": 2, "hidden": 24, "seed": 98},
            "frames": {"obs_shape": [4, 20, 20], "num_actions": 3, "hidden": 24, "seed": 99},
        },
        rtol=1e-5,
        atol=1e-6,
        timeout=5.0,
        formula="pi_theta(a | s) = softmax(logits)_a",
    ),
    Check(
        "reinforce.train",
        "train_reinforce: improves on CartPole-v1 within 10 iterations (baseline=True)",
        5.0,
        {
            "cartpole-baseline": {
                "env": {"id": "CartPole-v1", "max_steps": 100_000},
                "num_iterations": 10,
                "seed": 0,
                "last": 20,
                "min_return": 35.0,
                "min_improvement": 1.25,
                "hyperparameters": {"baseline": True},
            }
        },
        timeout=40.0,
        formula=PG,
        visibility="after_due_date",
        learning=True,
    ),
    # Short train_reinforce runs (2 iterations of 2 CartPole episodes of at most 25 steps),
    # watched step by step (each optimizer step's gradient, parameters and learning rate, raw):
    # the grader splits the episodes from its own record, computes each option's weights,
    # checks each step's gradient against -(1/N) sum_i sum_t w_t^i grad log pi(a_t^i | s_t^i)
    # and replays Adam. Two cases share a seed after different draws of torch's generator: the
    # same initial network if the loop seeds before building it.
    Check(
        "reinforce.train_update",
        "train_reinforce: each update is one Adam step on the episodes it played",
        2.0,
        {
            name: {
                "env": {"id": "CartPole-v1", "max_episode_steps": 25, "max_steps": 2000},
                "episodes_per_iteration": 2,
                "num_iterations": 2,
                "lr": 0.005,
                "use_reward_to_go": False,
                "baseline": False,
                **options,
            }
            for name, options in {
                "default": {
                    "seed": 76,
                    "gamma": 1.0,
                    "torch_seed_before": 1,
                    "greedy_rows": True,
                },
                "discounted": {
                    "seed": 76,
                    "gamma": 0.9,
                    "torch_seed_before": 2,
                    "same_seed_as": "default",
                },
                "reward-to-go": {
                    "seed": 77,
                    "gamma": 0.9,
                    "use_reward_to_go": True,
                    "torch_seed_before": 3,
                },
                "baseline": {
                    "seed": 78,
                    "gamma": 1.0,
                    "baseline": True,
                    "torch_seed_before": 4,
                },
            }.items()
        },
        timeout=5.0,
        any_length=True,
        formula=PG_STEP,
    ),
]


def worker_group(part: str) -> list[str]:
    """The parts that run in one sandboxed worker with `part`, in order: the parts that preload
    torch share one (torch's import, about 5 CPU seconds, is paid once); any other part has a
    worker of its own."""
    if not PARTS[part].preload_torch:
        return [part]
    return [name for name, other in PARTS.items() if other.preload_torch]


def group_budget(parts: list) -> float:
    """The wall clock of a shared worker: one start, then each part's own budget less its start
    (the worker keeps each part to that)."""
    chosen = [PARTS[name] for name in parts]
    return max(p.startup_seconds for p in chosen) + sum(
        p.budget_seconds - p.startup_seconds for p in chosen
    )


def _groups() -> list:
    return sorted({tuple(worker_group(name)) for name in PARTS})


def budget_scale() -> float:
    """1, or less when the parts' hang_seconds would not all fit in the grader's deadline (less
    its reserve, its own start and each part's overhead, and the workers' starts): the share
    of them every part gets. At the default platform timeout about 0.9: when every function
    hangs at 0.5 vCPU, all but about the last function of each part still report their own
    timeout; with a platform timeout of 20 minutes it is 1 (or within a percent of it)."""
    starts = sum(max(PARTS[name].startup_seconds for name in group) for group in _groups())
    room = (
        GRADER_DEADLINE_SECONDS
        - RESERVE_SECONDS
        - GRADER_STARTUP_SECONDS
        - PART_OVERHEAD_SECONDS * len(PARTS)
        - starts
    )
    return min(1.0, room / sum(part.hang_seconds for part in PARTS.values()))


def worst_case_seconds() -> float:
    """Wall seconds from the grader's start until every part is over, when every part uses its
    whole budget (every function hangs): must fit in GRADER_DEADLINE_SECONDS - RESERVE_SECONDS."""
    return (
        GRADER_STARTUP_SECONDS
        + sum(group_budget(list(group)) for group in _groups())
        + (PART_OVERHEAD_SECONDS * len(PARTS))
    )


def jobs(part: str, *, reference: bool) -> list[dict]:
    """The worker's jobs for a part: one per (check, case); reference-only (oracle) checks only
    for the trusted build. A case with an "env" trains an agent on an env the grader hosts.

    In the order they run: function by function, as the scheme first names them, and within a
    function shortest clock first, so that a function that hangs times out on its cheapest case
    and its costly cases (a training run) are skipped: the worker allows one timeout per
    function. (What a function's code does to the worker costs only the functions after it.)"""
    found = []
    for item in checks_of(part):
        if item.reference_only and not reference:
            continue
        for case_id, case in item.cases.items():
            job = {
                "key": item.job_key(case_id),
                "case": case,
                "probe": item.oracle or item.probe,
                "probe_module": "autograder.build.oracles" if item.oracle else None,
                "function": item.oracle or item.function,
                "timeout": item.wall_seconds,
                "cpu_seconds": item.cpu_seconds,
            }
            if "env" in case:
                job["env"] = case["env"]
            found.append(job)
    first = {}
    for job in found:
        first.setdefault(job["function"], len(first))
    return sorted(found, key=lambda job: (first[job["function"]], job["cpu_seconds"]))


def check(check_id: str) -> Check:
    for item in CHECKS:
        if item.id == check_id:
            return item
    raise KeyError(f"no check {check_id!r} in the grading scheme")


def checks_of(part: str) -> list[Check]:
    return [item for item in CHECKS if item.part == part]


def student_files() -> list[str]:
    return [part.file for part in PARTS.values()]


def contract() -> dict:
    """{student file: the functions and classes the grader calls}: the student contract, which
    the handout's `tools/contract.json` carries to `make submit`."""
    return {part.file: list(part.contract) for part in PARTS.values()}


def points_table() -> str:
    """The README's points table, generated from this scheme (a test keeps them equal)."""
    rows = [
        "| part | file | check | cases | points | visibility |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for part in PARTS.values():
        for item in checks_of(part.name):
            if item.reference_only:
                continue
            rows.append(
                f"| {part.number}. {part.name} | `{part.file}` | {item.title} | "
                f"{len(item.cases)} | {item.points:g} | {item.visibility} |"
            )
    total = sum(item.points for item in CHECKS if not item.reference_only)
    rows.append(f"| | | **total** | | **{total:g}** | |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(points_table())
