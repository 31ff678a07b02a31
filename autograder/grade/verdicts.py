"""Every verdict, computed in the grader from raw arrays (protocol.py: the rule).

A verdict is `verdict(session, check, case_id, leaderboard=None)`: it returns when the case passes
and raises AssertionError with the feedback when it does not. `session.actual` gives the raw
arrays, already checked against the reference's names, shapes and dtypes; counts, flags,
distances, statistics and returns are all worked out here. Scales come from trusted sources
only: the reference's own spread, closed forms, validated thresholds. Checks with no entry in
VERDICTS are compared with the reference output by output (`matches`).
"""

from __future__ import annotations

import re

import numpy as np

from autograder import scheme
from autograder.grade import properties
from autograder.grade.feedback import (
    Failure,
    Named,
    close,
    header,
    known_mistake,
    mismatch_report,
)
from autograder.grade.properties import dqn as dqn_properties
from autograder.grade.properties import reinforce as reinforce_properties
from autograder.grade.properties import violated
from autograder.sandbox import protocol
from autograder.sandbox.probes import reinforce as reinforce_probes
from autograder.sandbox.probes.common import NO_SEED

TRUSTED = protocol.TRUSTED_PREFIX


def _fail(check, case_id, lines) -> None:
    """Raise the feedback: the header, then the non-empty lines; the known mistakes and violated
    properties it names go along as data."""
    named = [line for line in lines if isinstance(line, Named)]
    raise Failure(
        header(check, case_id) + "\n\n".join(line for line in lines if line),
        [line.mistake_id for line in named if line.mistake_id],
        [line.property_id for line in named if line.property_id],
    )


def _finite_mean(values) -> float:
    """The mean of at most a million float64 values, clipped so that it is always finite."""
    values = np.clip(np.asarray(values, dtype=np.float64).reshape(-1)[:1_000_000], -1e12, 1e12)
    return float(values.mean()) if values.size else 0.0


# -- outputs equal to the reference's ------------------------------------------------------------
def matches(
    session,
    check,
    case_id,
    leaderboard=None,
    *,
    ignore=(),
    free_text=(),
    problems=(),
    diagnoses=None,
) -> None:
    """Every output equals the reference's within the check's tolerance. A verdict built on it
    may leave outputs out of the comparison (`ignore`: it judges them itself) and out of the
    naming of a known mistake too (`free_text`, e.g. an exception's message), and add its own
    `problems` (lines first). The violated properties are named by `diagnoses(actual)` (lines)
    when given, else by the check's variations case (properties.first_violated)."""
    actual = session.actual(check, case_id)
    reference = session.expected.reference(check, case_id)
    wrong = [
        name
        for name in actual
        if name not in ignore and not close(actual[name], reference[name], check)
    ]
    if not wrong and not problems:
        return
    mistake = session.diagnose(check, case_id, actual, ignore=free_text)
    _fail(
        check,
        case_id,
        [
            *problems,
            *(mismatch_report(name, actual[name], reference[name], check) for name in wrong),
            known_mistake(mistake) if mistake is not None else "",
            *(diagnoses(actual) if diagnoses else [properties.first_violated(session, check)]),
            f"Re-read the lecture's formula: `{check.formula}`" if check.formula else "",
        ],
    )


# -- learning from samples -----------------------------------------------------------------------
# A learning check sees only how far the estimate is, not which step of the loop is wrong: the
# hint walks the student through the loop's contract, step by step.
_RESETS = (
    "only `terminated` (not `truncated`) stops bootstrapping; every episode starts with "
    "env.reset()."
)
LOOP_HINTS = {
    "td.evaluate": "Check the loop step by step: from V = zeros, act a = policy[s], call "
    "td0_update after every transition, then move on to s = s_next; " + _RESETS,
    "q_learning.learning": "Check the loop step by step: from Q = zeros and one rng = "
    "np.random.default_rng(seed), choose every action with epsilon_greedy(Q[s], epsilon, rng) "
    "(it explores, not only acts greedily), update with q_learning_update (its target takes "
    "the max over a' of Q(s', a'), not the value of the next action taken), then move on to "
    "s = s_next; " + _RESETS,
}


def near_exact(session, check, case_id, exact_id: str, output: str, symbol: str) -> np.ndarray:
    """A learned estimate within the case's validated `max_error` of the exact answer."""
    actual = session.actual(check, case_id)[output].astype(np.float64)
    exact = session.expected.reference(scheme.check(exact_id), case_id)[output]
    bound = check.case(case_id)["max_error"]
    error = float(np.max(np.abs(actual - exact)))
    if error > bound:
        _fail(
            check,
            case_id,
            [
                f"Your estimate is {error:.3g} away from the exact {symbol} (the largest error "
                f"over all entries); a correct implementation gets within {bound:g} on this case, "
                "whatever order it draws its random numbers in. " + LOOP_HINTS[check.id],
                f"Re-read the lecture: `{check.formula}`",
            ],
        )
    return exact


def seeded_resets(session, check, case_id, function: str, mistakes: dict) -> None:
    """The first env.reset of the loop gets seed=seed, every later one no seed (the env's seeds
    as the probe recorded them, raw). `mistakes`: {"every": id, "never": id} named by pattern."""
    seed = check.case(case_id)["seed"]
    seeds = session.actual(check, case_id)["reset_seeds"].reshape(-1)
    if len(seeds) and seeds[0] == seed and np.all(seeds[1:] == NO_SEED):
        return
    if len(seeds) == 0:
        observed = "it never called env.reset"
    elif seeds[0] != seed:
        observed = (
            "its first env.reset had no seed"
            if seeds[0] == NO_SEED
            else "its first env.reset had another seed than `seed`"
        )
    else:
        observed = f"{int(np.sum(seeds[1:] != NO_SEED))} later env.reset calls were seeded"
    named = ""
    if len(seeds) > 1 and np.all(seeds == seed) and "every" in mistakes:
        named = session.named(mistakes["every"])
    elif len(seeds) and np.all(seeds == NO_SEED) and "never" in mistakes:
        named = session.named(mistakes["never"])
    _fail(
        check,
        case_id,
        [
            f"{function}(..., seed) must start its first episode with env.reset(seed=seed) and "
            f"every later one with env.reset() (no seed); {observed}. Seeding every episode "
            "again replays the same start; never seeding makes two runs differ.",
            named,
        ],
    )


def td_evaluate(session, check, case_id, leaderboard=None) -> None:
    seeded_resets(
        session, check, case_id, "td0_evaluate", {"every": "td_reset_seeded_every_episode"}
    )
    near_exact(session, check, case_id, "td.exact", "V", "V^pi")


def q_learning_learns(session, check, case_id, leaderboard=None) -> None:
    seeded_resets(session, check, case_id, "q_learning", {"never": "q_learning_reset_never_seeded"})
    q_star = near_exact(session, check, case_id, "q_learning.exact", "Q", "Q*")
    Q = session.actual(check, case_id)["Q"]
    # Where Q* prefers one action clearly, an estimate within max_error must prefer it too.
    ordered = np.sort(q_star, axis=1)
    clear = ordered[:, -1] - ordered[:, -2] > 2 * check.case(case_id)["max_error"]
    wrong = np.flatnonzero(clear & (np.argmax(Q, axis=1) != np.argmax(q_star, axis=1)))
    if len(wrong):
        _fail(
            check,
            case_id,
            [
                f"Your greedy policy argmax_a Q(s, a) differs from the optimal "
                f"one in states {[int(s) for s in wrong[:5]]}, where the best "
                "action is clear."
            ],
        )


def epsilon_greedy_probabilities(q_values, epsilon) -> np.ndarray:
    """The documented rule: epsilon/A for every action, plus 1 - epsilon on the lowest argmax."""
    p = np.full(len(q_values), epsilon / len(q_values))
    p[int(np.argmax(q_values))] += 1.0 - epsilon
    return p


def _counts(actions, num_actions: int) -> np.ndarray:
    actions = np.asarray(actions, dtype=np.int64)
    inside = actions[(actions >= 0) & (actions < num_actions)]
    return np.bincount(inside, minlength=num_actions).astype(np.float64)


def epsilon_greedy_frequencies(session, check, case_id, leaderboard=None) -> None:
    """Action counts of epsilon-greedy within 5 standard deviations of the documented rule."""
    case = check.case(case_id)
    got = session.actual(check, case_id)
    if not np.array_equal(got["replay_0"], got["replay_1"]):
        _fail(
            check,
            case_id,
            [
                "Two runs of epsilon_greedy with generators `rng` seeded alike gave different "
                "actions (numpy's and Python's global generators were seeded differently in "
                "between): `rng` must be the only source of randomness. Draw with rng.random() "
                "and rng.integers(A), never np.random.* or random.",
                session.named("q_learning_epsilon_greedy_global_random"),
            ],
        )
    actions = got["actions"]
    A = len(case["q_values"])
    counts, n = _counts(actions, A), float(case["draws"])
    p = epsilon_greedy_probabilities(case["q_values"], case["epsilon"])
    bad = np.abs(counts - n * p) > 5 * np.sqrt(n * p * (1 - p)) + 0.5
    if counts.sum() == n and not bad.any():
        return
    rows = ["| action | Q-value | your share | the rule's share |", "| --- | --- | --- | --- |"]
    for a, q in enumerate(case["q_values"]):
        rows.append(f"| {a} | {q:g} | {counts[a] / n:.3f} | {p[a]:.3f} |")
    lines = [
        f"Over {int(n)} calls with epsilon = {case['epsilon']:g}, your action frequencies "
        "are not epsilon-greedy's:",
        "\n".join(rows),
    ]
    for mistake, arrays in session.expected.mistake_outputs(check, case_id):
        theirs = _counts(arrays["actions"], A) / n
        spread = 5 * np.sqrt(n * theirs * (1 - theirs)) + 0.5
        if np.all(np.abs(counts - n * theirs) <= spread) and np.any(np.abs(theirs - p) > 0.02):
            lines.append(known_mistake(mistake))
            break
    lines.append(
        f"Re-read the lecture: `{check.formula}` (ties go to the lowest index; the "
        "random action is uniform over *all* actions, the greedy one included)"
    )
    _fail(check, case_id, lines)


# -- deep Q-learning -----------------------------------------------------------------------------
def _message(codes) -> str:
    """An exception's message from the code points a probe recorded (0-padded)."""
    return "".join(chr(int(c)) for c in np.asarray(codes).reshape(-1) if 0 < c < 0x110000)


def network(session, check, case_id, leaderboard=None) -> None:
    """The forward pass and the layers against the reference's; on the case that asks, the
    ValueError for frames below the smallest size, whose message says that size."""
    case = check.case(case_id)
    problems, ignore = [], ()
    if "too_small" in case:
        ignore = ("too_small_raised", "too_small_message")
        got = session.actual(check, case_id)
        size, smallest = case["too_small"], case["too_small"] + 1
        call = f"QNetwork({case['in_channels']}, {case['num_actions']}, frame_size={size})"
        raised = int(got["too_small_raised"])
        if raised != 1:
            problems.append(
                f"{call} must raise ValueError: the lecture's two convolutions need frames of "
                f"at least {smallest} pixels a side; it "
                + ("raised another exception." if raised == 2 else "raised nothing.")
            )
        elif not re.search(rf"(?<![0-9]){smallest}(?![0-9])", _message(got["too_small_message"])):
            problems.append(
                f"The ValueError of {call} should say the smallest frame size, {smallest}."
            )
    matches(session, check, case_id, ignore=ignore, free_text=ignore[1:], problems=problems)


def replay_buffer(session, check, case_id, leaderboard=None) -> None:
    """From the raw sampled rows: len, only stored slots, every stored slot, rows that belong
    together, dtypes, and the same draws from the same seed."""
    case = check.case(case_id)
    got = session.actual(check, case_id)
    stored = set(range(max(0, case["adds"] - case["capacity"]), case["adds"]))
    ids = got["sampled_obs"]
    problems = []
    if int(got["len"]) != len(stored):
        problems.append(
            f"len(buffer) is {int(got['len'])} after {case['adds']} adds with "
            f"capacity {case['capacity']}; it should be {len(stored)}"
        )
    # A stored next_obs holds i + 1 >= 1 everywhere: a 0 there is a slot never written.
    empty = int(np.sum(got["sampled_next_obs"] == 0))
    sampled = {int(i) for i in ids}
    if empty:
        problems.append(
            f"{empty} sampled transitions came from slots that were never written "
            "(all zeros): draw indices from range(len(buffer)), not range(capacity)"
        )
    elif not sampled <= stored:
        problems.append(
            "sample() returned transitions that are not stored (any more): an "
            "empty slot or one already overwritten"
        )
    elif sampled != stored:
        problems.append(
            f"over {len(ids)} draws, sample() never returned "
            f"{len(stored - sampled)} of the {len(stored)} transitions added last: add() "
            "stores each transition in the next slot (the oldest is overwritten when full) "
            "and sample() draws uniformly from every filled slot"
        )
    together = (
        np.array_equal(got["sampled_rewards"], ids)
        and np.array_equal(got["sampled_next_obs"], ids + 1)
        and np.array_equal(got["sampled_actions"], ids % 3)
        and np.array_equal(got["sampled_terminated"], (ids % 4 == 0).astype(float))
    )
    if not together and not empty:
        problems.append(
            "a sampled obs, action, reward, next_obs and terminated do not belong to "
            "the same transition: index every array with the same indices"
        )
    wanted = [
        protocol.SAMPLE_DTYPES.index(name)
        for name in ("uint8", "int64", "float32", "uint8", "float32")
    ]
    codes = got["dtype_codes"].reshape(-1)
    if len(codes) % 5 or not np.all(codes.reshape(-1, 5) == wanted):
        problems.append(
            "sample() must return obs/next_obs uint8, actions int64, rewards and "
            "terminated float32 tensors"
        )
    if not np.array_equal(got["resampled_obs"], ids):
        problems.append(
            "two buffers built with the same seed sampled differently: draw with "
            "the buffer's own np.random.default_rng(seed)"
        )
    # Named only when the rest of the buffer is right (len, and every stored transition is
    # drawn): then the empty slots come from sample() itself, not from __len__ or add().
    written = {int(i) for i, n in zip(ids, got["sampled_next_obs"], strict=True) if n != 0}
    named = ""
    if empty and int(got["len"]) == len(stored) and written == stored:
        named = session.named("dqn_buffer_samples_unfilled_slots")
    if case.get("empty_sample") and int(got["empty_sample_raised"]) != 1:
        problems.append(
            "sample() on a buffer that holds no transition must raise ValueError (there is "
            "nothing to sample); it "
            + ("raised another exception" if int(got["empty_sample_raised"]) == 2 else "did not")
        )
        if len(problems) == 1:
            named = session.named("dqn_buffer_empty_sample_no_error")
    if problems:
        _fail(check, case_id, ["\n".join(f"- {p}" for p in problems), named])


def dqn_loss(session, check, case_id, leaderboard=None) -> None:
    """The value and gradient against the reference's; when they differ, the first property of
    the lecture's loss that the losses on the grader's variations violate is named."""
    got = session.actual(check, case_id)
    reference = session.expected.reference(check, case_id)
    if np.any(got["target_gradient"] != 0) or not np.array_equal(
        got["target_weights_after"], reference["target_weights_after"]
    ):
        _fail(
            check,
            case_id,
            [
                "Gradient reached the target network (or its weights changed): compute "
                "max_a' Q_old(s', a') under torch.no_grad() (or .detach() it): Q_old is frozen.",
                violated(dqn_properties.FROZEN_TARGET),
                session.named("dqn_target_not_detached"),
            ],
        )

    def diagnoses(actual):
        found = dqn_properties.first_violated(actual["losses_when_varied"])
        return [violated(*found)] if found else []

    matches(session, check, case_id, diagnoses=diagnoses)


def target_update(session, check, case_id, leaderboard=None) -> None:
    got = session.actual(check, case_id)
    reference = session.expected.reference(check, case_id)
    if not close(got["target_after_copy"], reference["target_after_copy"], check):
        _fail(
            check,
            case_id,
            [
                "After update_target(q_net, target_net) the target's weights "
                "are not q_net's: copy every parameter (load_state_dict).",
                f"Re-read: `{check.formula}`",
            ],
        )
    if not close(got["target_after_q_net_changes"], reference["target_after_q_net_changes"], check):
        _fail(
            check,
            case_id,
            [
                "When q_net's weights changed after update_target, the target's "
                "changed too: they share tensors. Copy the values "
                "(target_net.load_state_dict(q_net.state_dict())).",
                session.named("dqn_update_target_aliases"),
                f"Re-read: `{check.formula}`",
            ],
        )


def learning_verdict(case: dict, returns) -> tuple[bool, float, float]:
    """The rule of the deep learning checks, shared by the hidden tests, the threshold validation
    and the benchmark: (passes, mean of the last `last` returns, mean of the first `last`).

    The last returns must average at least `min_return` and, where the case sets it,
    `min_improvement` times the first ones. No finished episode fails."""
    returns = np.asarray(returns, dtype=np.float64).reshape(-1)
    if returns.size == 0:
        return False, 0.0, 0.0
    first = _finite_mean(returns[: case["last"]])
    last = _finite_mean(returns[-case["last"] :])
    passes = last >= case["min_return"] and (
        "min_improvement" not in case or last >= case["min_improvement"] * first
    )
    return passes, last, first


def _episodes_note(got) -> str:
    """When the returns the code reported are not the episodes the grader's env saw."""
    reported, seen = got["reported_returns"], got[TRUSTED + "returns"]
    if len(reported) == len(seen) and np.allclose(reported, seen, rtol=1e-5, atol=1e-5):
        return ""
    return (
        f"(The list your code returned has {len(reported)} returns; the environment saw "
        f"{len(seen)} finished episodes. Only the environment's count: return one undiscounted "
        "return per finished episode.)"
    )


def _no_episode(check, case_id, got, function: str) -> None:
    """A training loop that finished no episode in the env it was given cannot be judged."""
    if len(got[TRUSTED + "returns"]) == 0:
        _fail(
            check,
            case_id,
            [
                f"{function} finished no episode in the environment it was given: train on the "
                "`env` argument (env.reset(seed=seed), then env.step(action) until terminated or "
                "truncated), and return the list of episode returns.",
                _episodes_note(got),
            ],
        )


def dqn_learns(session, check, case_id, leaderboard=None) -> None:
    case = check.case(case_id)
    got = session.actual(check, case_id)
    _no_episode(check, case_id, got, "train_dqn")
    passes, score, _ = learning_verdict(case, got[TRUSTED + "returns"])
    if leaderboard is not None:
        leaderboard(score)
    if not passes:
        _fail(
            check,
            case_id,
            [
                f"After {case['num_steps']} steps your last {case['last']} episodes average "
                f"{score:.2f} (as the grader's own environment counted them); a correct DQN scores "
                f"at least {case['min_return']:g} here, a random policy about -0.9 (never above "
                "-0.65 in 300 runs). Check the target (frozen network, no gradient, "
                "(1 - terminated)), that you train on random minibatches from the replay memory, "
                "and the epsilon schedule.",
                _episodes_note(got),
            ],
        )


def stored_transitions(session, check, case_id, leaderboard=None) -> None:
    """ReplayBuffer.add's arguments, raw, against the grader's record of the env's steps; the
    returns train_dqn returned against the episodes that record saw end (time limits included)."""
    case = check.case(case_id)
    got = session.actual(check, case_id, any_value=("reported_returns",))  # NaN: said last
    steps = len(got[TRUSTED + "actions"])
    adds = len(got["added_actions"])
    problems = []
    if steps != case["num_steps"]:
        problems.append(
            f"train_dqn(env, num_steps={case['num_steps']}) took {steps} env steps: "
            "take exactly num_steps steps (one per loop iteration, resets not "
            "counted)"
        )
    if adds != steps:
        problems.append(
            f"train_dqn took {steps} env steps but called ReplayBuffer.add {adds} "
            "times: store every transition once, right after env.step"
        )
    n = min(steps, adds)
    env = {
        name: got[TRUSTED + name][:n]
        for name in ("obs", "actions", "rewards", "next_obs", "terminated", "truncated")
    }
    stored = {
        name: got["added_" + name][:n]
        for name in ("obs", "actions", "rewards", "next_obs", "terminated")
    }

    def differ(name):
        axes = tuple(range(1, stored[name].ndim))
        return int(
            np.sum(
                np.any(stored[name] != env[name], axis=axes) if axes else stored[name] != env[name]
            )
        )

    wrong = {
        "obs": "phi_t (the observation the action was chosen on)",
        "actions": "a_t",
        "rewards": "r_t",
        "next_obs": "phi_t+1 (the observation env.step returned, also "
        "when the episode ended: not the one env.reset "
        "returned)",
    }
    for name, what in wrong.items():
        count = differ(name)
        if count:
            problems.append(f"{count} stored transitions have another {what} than the env's step")
    cut = (env["truncated"] == 1) & (env["terminated"] == 0)
    flagged = stored["terminated"] != 0
    on_truncation = int(np.sum(cut & flagged))
    named = ""
    if on_truncation:
        problems.append(
            f"{on_truncation} transitions cut by the time limit (truncated, not "
            "terminated) were stored as terminal"
        )
        named = session.named("dqn_mask_on_truncation")
    other = int(np.sum(~cut & (flagged != (env["terminated"] == 1))))
    if other:
        problems.append(f"{other} stored `terminated` flags differ from the env's `terminated`")
    returns = _dqn_returns_problem(got)
    if returns:
        problems.append(returns)
    if problems:
        _fail(
            check,
            case_id,
            [
                "\n".join(f"- {p}" for p in problems),
                named,
                f"Re-read Algorithm 1: `{check.formula}`",
            ],
        )


def _dqn_returns_problem(got) -> str:
    """The returns train_dqn returned against the episodes the grader's env saw end (terminated
    or truncated), or ''."""
    reported, seen = got["reported_returns"], got[TRUSTED + "returns"]
    if len(reported) == len(seen) and np.allclose(reported, seen, rtol=1e-5, atol=1e-5):
        return ""
    return (
        f"train_dqn returned {len(reported)} returns for the {len(seen)} episodes it finished"
        if len(reported) != len(seen)
        else "the returns train_dqn returned are not those of the episodes it finished"
    ) + (
        ": return the undiscounted return (sum of rewards) of every finished episode, "
        "terminated or truncated, in order"
    )


def epsilon_schedule(step: int, start: float, end: float, decay_steps: int) -> float:
    """The lecture's exploration rate (the grader's own): linear, then constant."""
    done = 1.0 if decay_steps <= 0 else min(step / decay_steps, 1.0)
    return start + (end - start) * done


def count_distribution(probabilities) -> np.ndarray:
    """P(X = k), k = 0..n, of a sum of independent Bernoulli draws (a Poisson binomial)."""
    distribution = np.zeros(len(probabilities) + 1)
    distribution[0] = 1.0
    for p in probabilities:
        distribution[1:] = distribution[1:] * (1 - p) + distribution[:-1] * p
        distribution[0] *= 1 - p
    return distribution


# A count of exploring steps is refused only when a correct loop lands there less often than
# once in a million runs (the run is deterministic: a correct submission fails it or never).
SURELY = 1e-6


def _same(a, b) -> bool:
    """Two fingerprints of weights (or gradients) that are the same numbers."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return bool(np.all(np.abs(a - b) <= 1e-6 * (np.abs(a) + np.abs(b)) + 1e-9))


def _train_steps_arrays(got) -> str:
    """Why the recording of a watched train_dqn run cannot be read, or ''."""
    steps = len(got[TRUSTED + "actions"])
    per_step = ("step_q_values", "step_weights", "step_nets")
    if any(len(got[name]) != steps for name in per_step):
        return (
            "train_dqn stepped the environment other than through `env.step` of the env it was "
            "given: call env.step(a_t) once per step"
        )
    pairs = [
        ("net_seeds", "net_built_at"),
        ("sample_at", "sample_sizes"),
        ("loss_at", "loss_nets", "loss_weights", "loss_batch_sizes", "loss_gammas"),
        ("loss_at", "loss_gradients"),
        ("update_at", "update_optimizers", "update_lrs", "update_kinds", "update_nets"),
        ("update_at", "update_gradients"),
    ]
    if any(len({len(got[name]) for name in group}) != 1 for group in pairs):
        return "the recording of train_dqn's run is inconsistent"
    return ""


def train_steps(session, check, case_id, leaderboard=None) -> None:
    """A short train_dqn run against Algorithm 1, step by step: the grader knows from its own env
    record and the raw recording what each step t must have done, and names the first step where
    the loop did something else."""
    case = check.case(case_id)
    h = case["hyperparameters"]
    got = session.actual(check, case_id)
    unreadable = _train_steps_arrays(got)
    if unreadable:
        _fail(check, case_id, [unreadable + "."])
    actions = got[TRUSTED + "actions"]
    steps = len(actions)
    problems, named = [], []
    if steps != case["num_steps"]:
        problems.append(
            f"train_dqn(env, num_steps={case['num_steps']}) took {steps} env steps: take "
            "exactly num_steps steps"
        )
    if len(got["net_seeds"]) == 0:
        _fail(
            check,
            case_id,
            ["train_dqn built no QNetwork: Q_new and Q_old are the lecture's QNetwork."],
        )
    trained = got["update_nets"][got["update_nets"] >= 0]
    new = int(np.bincount(trained).argmax()) if len(trained) else 0
    olds = got["loss_nets"][:, 1]
    old = int(olds[0]) if len(olds) and olds[0] >= 0 and olds[0] != new else -1
    watched = got["step_nets"]
    seen_new = new < got["step_weights"].shape[1]

    # -- initialisation and seeding ------------------------------------------------------------
    if got["net_seeds"][new] != case["seed"]:
        problems.append(
            "Q_new was not built right after torch.manual_seed(seed): seed torch first, then "
            "build the networks (so that a run is reproducible)"
        )
        named.append("dqn_train_unseeded_torch")
    resets = got["reset_seeds"]
    if len(resets) == 0 or resets[0] != case["seed"] or np.any(resets[1:] != -1):
        problems.append(
            "the first episode starts with env.reset(seed=seed), every later one with "
            "env.reset() (no seed)"
        )
    if np.any(got["buffer_seeds"] != case["seed"]):
        problems.append("the replay memory is ReplayBuffer(buffer_capacity, obs_shape, seed)")
    if seen_new and 0 <= old < watched[0] and steps and 0 < watched[0]:
        if not _same(got["step_weights"][0, old], got["step_weights"][0, new]):
            problems.append(
                "at step 0 Q_old and Q_new have different weights: Algorithm 1 starts with "
                "Q_old <- Q_new"
            )
            named.append("dqn_train_no_initial_target_copy")

    # -- actions: epsilon-greedy on Q_new --------------------------------------------------------
    if seen_new:
        problems += _exploration(got, h, new, old, actions, named)

    # -- training: when, on what, with which optimizer -------------------------------------------
    problems += _training(got, h, new, steps, named)

    # -- Q_old <- Q_new every target_update_every steps -----------------------------------------
    if seen_new:
        problems += _target_syncs(got, h, new, steps, named)

    # -- the returns ---------------------------------------------------------------------------
    returns = _dqn_returns_problem(got)
    if returns:
        problems.append(returns)
        reported, seen = got["reported_returns"], got[TRUSTED + "returns"]
        if len(reported) == len(seen) and np.allclose(
            reported, _discounted_returns(got, h["gamma"]), rtol=1e-5, atol=1e-5
        ):
            named.append("dqn_train_discounted_returns")
    if problems:
        names = list(dict.fromkeys(named))
        _fail(
            check,
            case_id,
            [
                "\n".join(f"- {p}." for p in problems),
                *(session.named(n) for n in names),
                f"Re-read Algorithm 1: `{check.formula}`",
            ],
        )


def _discounted_returns(got, gamma: float) -> np.ndarray:
    """Each finished episode's discounted return, from the grader's own record."""
    rewards = got[TRUSTED + "rewards"]
    ends = np.flatnonzero((got[TRUSTED + "terminated"] + got[TRUSTED + "truncated"]) > 0)
    found, start = [], 0
    for end in ends:
        found.append(float(np.sum(rewards[start : end + 1] * gamma ** np.arange(end + 1 - start))))
        start = end + 1
    return np.array(found)


def _exploration(got, h, new, old, actions, named) -> list:
    """Every action with epsilon_at(t) = 0 is argmax_a Q_new(phi_t, a); while epsilon > 0 the
    number of non-greedy actions is one a correct loop gives (not surely too few or too many)."""
    q_values = got["step_q_values"]
    num_actions = q_values.shape[2]
    problems, wrong, exploring, others = [], [], [], []
    for t, action in enumerate(actions):
        if new >= got["step_nets"][t]:
            continue
        q = q_values[t, new]
        greedy = bool(q[action] >= q.max() - 1e-6 * max(1.0, abs(q.max())))
        epsilon = epsilon_schedule(
            t, h["epsilon_start"], h["epsilon_end"], h["epsilon_decay_steps"]
        )
        if epsilon == 0.0 and not greedy:
            wrong.append(t)
            if 0 <= old < got["step_nets"][t]:
                q_old = q_values[t, old]
                others.append(
                    bool(q_old[action] >= q_old.max() - 1e-6 * max(1.0, abs(q_old.max())))
                )
        elif epsilon > 0.0:
            exploring.append((epsilon * (num_actions - 1) / num_actions, not greedy))
    if wrong:
        t = wrong[0]
        problems.append(
            f"at step {t} epsilon_at(t) = 0, so a_t must be argmax_a Q_new(phi_t, a) = "
            f"{int(np.argmax(q_values[t, new]))}, but train_dqn took a_t = {int(actions[t])} "
            f"({len(wrong)} such steps)"
        )
        if others and all(others):
            named.append("dqn_train_acts_with_target")
        elif _explores_per_episode(got, h, new, actions):
            named.append("dqn_train_epsilon_per_episode")
    if exploring:
        distribution = count_distribution([p for p, _ in exploring])
        count = sum(1 for _, off in exploring if off)
        mean = sum(p for p, _ in exploring)
        low, high = float(distribution[: count + 1].sum()), float(distribution[count:].sum())
        if low < SURELY or high < SURELY:
            problems.append(
                f"while epsilon_at(t) > 0 (steps 0 to {len(exploring) - 1} here) a random action "
                f"with probability epsilon_at(t) differs from argmax_a Q_new(phi_t, a) about "
                f"{mean:.0f} times; train_dqn took {count} non-greedy actions, "
                f"{'fewer' if low < SURELY else 'more'} than a correct loop takes in a million "
                "runs: explore with probability epsilon_at(t, epsilon_start, epsilon_end, "
                "epsilon_decay_steps) at step t"
            )
    return problems


def _explores_per_episode(got, h, new, actions) -> bool:
    """The signature of epsilon_at(number of finished episodes) in place of epsilon_at(t): the
    non-greedy actions are a count that schedule gives (not surely too few or too many)."""
    q_values = got["step_q_values"]
    num_actions = q_values.shape[2]
    ends = np.cumsum(got[TRUSTED + "terminated"] + got[TRUSTED + "truncated"] > 0)
    chances, count = [], 0
    for t, action in enumerate(actions):
        if new >= got["step_nets"][t]:
            continue
        q = q_values[t, new]
        episodes = int(ends[t - 1]) if t else 0
        epsilon = epsilon_schedule(
            episodes, h["epsilon_start"], h["epsilon_end"], h["epsilon_decay_steps"]
        )
        chances.append(epsilon * (num_actions - 1) / num_actions)
        count += int(q[action] < q.max() - 1e-6 * max(1.0, abs(q.max())))
    distribution = count_distribution(chances)
    return bool(distribution[: count + 1].sum() >= SURELY and distribution[count:].sum() >= SURELY)


def _training(got, h, new, steps, named) -> list:
    """One sample of batch_size and one gradient step on dqn_loss(Q_new, Q_old, ...) at every
    t >= learning_starts with t % train_every == 0, and at no other step; one optimizer, lr."""
    problems = []
    starts, every = h["learning_starts"], h["train_every"]
    update_steps = got["update_at"] - 1
    counts = np.bincount(update_steps[update_steps >= 0], minlength=steps)[:steps]
    wanted = np.array([t >= starts and t % every == 0 for t in range(steps)], dtype=int)
    off = np.flatnonzero(counts != wanted)
    if len(off):
        t = int(off[0])
        if wanted[t] and not counts[t]:
            problems.append(
                f"at step {t} (t >= learning_starts, t % train_every == 0) no gradient step "
                "was taken"
            )
        elif not wanted[t]:
            why = "t < learning_starts" if t < starts else "t % train_every != 0"
            problems.append(
                f"at step {t} ({why}) a gradient step was taken: train only when "
                "t >= learning_starts and t % train_every == 0"
            )
        else:
            problems.append(f"at step {t} {int(counts[t])} gradient steps were taken, not one")
        extra = np.flatnonzero(counts > wanted)
        if (
            np.all(counts[wanted == 1] == 1)
            and len(extra)
            and all(t >= starts and t % every for t in extra)
        ):
            named.append("dqn_train_ignores_train_every")
    sampled = got["sample_at"] - 1
    for t in np.flatnonzero(wanted & (counts > 0)):
        sizes = got["sample_sizes"][sampled == t]
        if not len(sizes):
            problems.append(
                f"at step {t} no minibatch was sampled from D: call "
                "ReplayBuffer.sample(batch_size) before each gradient step"
            )
            break
        if np.any(sizes != h["batch_size"]):
            problems.append(
                f"at step {t} ReplayBuffer.sample was asked for {int(sizes[0])} transitions; "
                f"the minibatch has batch_size = {h['batch_size']}"
            )
            break
    problems += _gradient_steps(got, h, new, update_steps, named)
    return problems


def _gradient_steps(got, h, new, update_steps, named) -> list:
    """Each optimizer step: on this step's dqn_loss(Q_new, Q_old, minibatch, gamma) gradient,
    by the one optimizer built for Q_new, with Adam or RMSprop and the learning rate lr."""
    loss_steps = got["loss_at"] - 1
    for k, t in enumerate(update_steps):
        calls = np.flatnonzero(loss_steps == t)
        if not len(calls):
            return [
                f"the gradient step at step {t} was not on dqn_loss(Q_new, Q_old, minibatch, "
                "gamma): compute the loss with dqn_loss"
            ]
        call = calls[-1]
        if got["loss_nets"][call, 0] != new:
            return [f"at step {t} dqn_loss's first argument is not Q_new, the network trained"]
        if got["loss_batch_sizes"][call] != h["batch_size"]:
            return [f"at step {t} dqn_loss got a minibatch of {got['loss_batch_sizes'][call]}"]
        if not np.isclose(got["loss_gammas"][call], h["gamma"], rtol=1e-6, atol=1e-9):
            return [f"at step {t} dqn_loss got gamma = {got['loss_gammas'][call]:g}, not gamma"]
        gradient, own = got["update_gradients"][k], got["loss_gradients"][call]
        if not _same(gradient, own):
            summed = got["loss_gradients"][: call + 1].sum(axis=0)
            if not np.any(gradient):
                why = "no gradient: call loss.backward() before optimizer.step()"
            elif _same(gradient, summed):
                why = (
                    "the gradients of every loss so far, summed: call optimizer.zero_grad() "
                    "before loss.backward()"
                )
                named.append("dqn_train_no_zero_grad")
            else:
                why = "another gradient than that of this step's dqn_loss"
            return [f"at step {t} the optimizer stepped with {why}"]
        if got["update_optimizers"][k] != got["update_optimizers"][0]:
            named.append("dqn_train_new_optimizer_each_step")
            return [
                f"at step {t} another optimizer took the gradient step: build one optimizer "
                "for Q_new before the loop and keep it (Adam's running averages carry "
                "across updates)"
            ]
        if not np.isclose(got["update_lrs"][k], h["lr"], rtol=1e-9, atol=0):
            return [
                f"the optimizer's learning rate is {got['update_lrs'][k]:g}; use train_dqn's "
                f"lr (here {h['lr']:g})"
            ]
        if got["update_kinds"][k] < 0:
            return ["the optimizer is neither Adam nor RMSprop"]
    return []


def _target_syncs(got, h, new, steps, named) -> list:
    """The Q_old every dqn_loss call got: Q_new as it was at the last t with
    t % target_update_every == 0 (synced after that step's gradient step, or before it)."""
    every = h["target_update_every"]
    weights = np.concatenate([got["step_weights"][:, new], got["end_weights"][None, new]])
    initial = weights[0]
    wrong = []
    for call, t in enumerate(got["loss_at"] - 1):
        if not 0 <= t < steps:
            continue
        after = every * ((t - 1) // every) + 1 if t > 0 else 0  # synced after its step
        before = every * (t // every)  # synced before its step
        old = got["loss_weights"][call, 1]
        if not (_same(old, weights[after]) or _same(old, weights[before])):
            wrong.append((int(t), call))
    if not wrong:
        return []
    t, call = wrong[0]
    if all(_same(got["loss_weights"][c, 1], initial) for _, c in wrong):
        named.append("dqn_train_target_never_updated")
    return [
        f"at step {t} the Q_old given to dqn_loss is not Q_new as it was at the last step "
        "with t % target_update_every == 0: set Q_old <- Q_new whenever t % "
        "target_update_every == 0, and only then"
    ]


# -- REINFORCE -----------------------------------------------------------------------------------
def unbiased_estimator(session, check, case_id, leaderboard=None) -> None:
    """The mean of the submission's estimates against the exact grad J, in standard errors of
    the *reference's* estimates: huge zero-mean noise cannot hide a bias."""
    case = check.case(case_id)
    got = session.actual(check, case_id)["estimates"]
    exact = session.expected.reference(scheme.check("reinforce.exact"), case_id)["gradient"]
    spread = session.expected.reference(check, case_id)["estimates"].std(axis=0, ddof=1)
    stderr = np.maximum(spread / np.sqrt(case["batches"]), 1e-12)
    mean = np.clip(got, -1e12, 1e12).mean(axis=0)
    off = np.abs(mean - exact) / stderr
    if np.all(off <= 5.0):
        return
    mistake = session.diagnose(check, case_id, {"estimates": got})
    _fail(
        check,
        case_id,
        [
            f"Averaged over {case['batches']} independent estimates, minus the gradient of your "
            f"loss is {min(float(off.max()), 1e6):.1f} standard errors away from the exact "
            "grad J(theta) of a tiny MDP (computed in closed form). A correct estimator is "
            "unbiased. Check the sign (the loss is *minus* the objective), that each "
            "log-probability is weighted by the whole trajectory's return, and that you average "
            "over trajectories, not over time steps.",
            known_mistake(mistake) if mistake else "",
            f"Re-read the lecture: `{check.formula}`",
        ],
    )


def reward_to_go(session, check, case_id, leaderboard=None) -> None:
    case = check.case(case_id)
    matches(
        session,
        check,
        case_id,
        diagnoses=lambda actual: [reinforce_properties.reward_to_go_violation(case, actual)],
    )


def reinforce_loss(session, check, case_id, leaderboard=None) -> None:
    case = check.case(case_id)
    matches(
        session,
        check,
        case_id,
        diagnoses=lambda actual: [reinforce_properties.loss_violation(case, actual)],
    )


def _shape_text(shapes) -> str:
    return ", ".join(str(tuple(int(d) for d in shape)) for shape in shapes)


def _docstring_mlp(case, activation) -> np.ndarray:
    """The docstring's MLP on the probe's inputs with the grader's weights, in float64."""
    W1, b1, W2, b2 = reinforce_probes.docstring_weights(case)
    x = reinforce_probes.policy_inputs(case).astype(np.float32).astype(np.float64)
    return (activation(x @ W1.T + b1) @ W2.T + b2).reshape(-1)


def policy_network(session, check, case_id, leaderboard=None) -> None:
    """Shapes and softmax; the docstring's layers (parameter shapes, then the logits with the
    grader's weights loaded into them: an MLP with Tanh or ReLU; frames scaled to [0, 1] before
    the lecture's convolutions, uint8 or float); ValueError for other shapes."""
    case = check.case(case_id)
    got = session.actual(check, case_id)
    reference = session.expected.reference(check, case_id)
    problems = []
    for name in ("logits_shape", "probs_shape"):
        if not np.array_equal(got[name], reference[name]):
            problems.append(
                f"{'forward' if name == 'logits_shape' else 'distribution'}"
                f"(obs) on a batch gave shape {tuple(int(i) for i in got[name])}; "
                f"expected {tuple(int(i) for i in reference[name])} (batch, actions)"
            )
    if not problems:
        shape = tuple(int(i) for i in reference["probs_shape"])
        logits = got["logits"].reshape(shape)
        probs = got["probs"].reshape(shape)
        softmax = np.exp(logits - logits.max(axis=-1, keepdims=True))
        softmax /= softmax.sum(axis=-1, keepdims=True)
        if not np.allclose(probs.sum(axis=-1), 1.0, atol=1e-5) or np.any(probs < 0):
            problems.append("distribution(obs).probs do not sum to 1 over the actions")
        elif not np.allclose(probs, softmax, rtol=check.rtol, atol=check.atol):
            problems.append(
                "distribution(obs) is not the softmax of forward(obs)'s logits: "
                "build torch.distributions.Categorical(logits=self(obs))"
            )
    obs_shape, A, hidden = tuple(case["obs_shape"]), case["num_actions"], case["hidden"]
    call = f"PolicyNetwork({obs_shape}, {A}, hidden={hidden})"
    wanted = reinforce_probes.docstring_shapes(obs_shape, A, hidden)
    have = [tuple(row[1 : 1 + row[0]]) for row in got["parameter_shapes"] if row[0] >= 0]
    frames = len(obs_shape) == 3
    layers = (
        "the lecture's convolutions (16 8x8 conv, stride 4 -> ReLU -> 32 4x4 conv, stride 2 -> "
        "ReLU), flattened, then Linear(., hidden) -> ReLU -> Linear(hidden, A)"
        if frames
        else "Linear(D, hidden) -> Tanh (or ReLU) -> Linear(hidden, A)"
    )
    if any(have.count(s) != 1 for s in wanted):
        problems.append(
            f"{call} has parameters of shapes {_shape_text(have) or 'none'}; the docstring's "
            f"network, {layers}, has one parameter of each of the shapes {_shape_text(wanted)}"
        )
    else:
        loaded = got["loaded_logits"]
        accepted = [reference["loaded_logits"]]
        if not frames:
            accepted.append(_docstring_mlp(case, lambda z: np.maximum(z, 0.0)))
        if not any(close(loaded, logits, check) for logits in accepted):
            problems.append(
                f"with known weights loaded into the layers of {call}, its logits are not "
                f"those of the docstring's network: {layers}"
                + (" on frames scaled from 0..255 to [0, 1] (x / 255)" if frames else "")
            )
        elif frames and not close(
            got["loaded_logits_float_input"], reference["loaded_logits_float_input"], check
        ):
            problems.append(
                "on the same frames given as a float tensor (values 0..255), forward gives other "
                "logits than on uint8: scale float input by 1/255 too"
            )
    asked = (
        "obs_shape (2, 3), neither (D,) nor (C, H, W),",
        "frames of 16x16, too small for the lecture's convolutions,",
    )
    for what, code in zip(asked, got["value_errors"], strict=True):
        if code != 0:
            raised = "raised no error" if code == 1 else "raised another error than ValueError"
            problems.append(f"PolicyNetwork with {what} {raised}: raise ValueError")
    if problems:
        names = [
            n for n in ("loaded_logits", "loaded_logits_float_input", "value_errors") if n in got
        ]
        mistake = session.diagnose(check, case_id, got, names=names)
        _fail(
            check,
            case_id,
            [
                "\n".join(f"- {p}" for p in problems),
                known_mistake(mistake) if mistake is not None else "",
                f"Re-read: `{check.formula}`",
            ],
        )


def reinforce_learns(session, check, case_id, leaderboard=None) -> None:
    case = check.case(case_id)
    got = session.actual(check, case_id)
    _no_episode(check, case_id, got, "train_reinforce")
    passes, last, first = learning_verdict(case, got[TRUSTED + "returns"])
    if not passes:
        _fail(
            check,
            case_id,
            [
                f"Your first {case['last']} episodes average {first:.1f} and your last {last:.1f} "
                "(as the grader's own environment counted them); a correct REINFORCE reaches at "
                f"least {case['min_return']:g} and {case['min_improvement']:g} times its start. "
                "Check the sign of the loss and that the optimizer steps on it after every batch "
                "of episodes.",
                _episodes_note(got),
            ],
        )


# -- train_reinforce, watched step by step ------------------------------------------------------
ADAM_BETAS, ADAM_EPS = (0.9, 0.999), 1e-8


def adam_steps(gradients, lr: float, *, fresh: bool = False) -> np.ndarray:
    """The parameter change of each Adam step (torch's defaults) on these gradients, one
    optimizer kept across them (or, `fresh`, a new one for each)."""
    (b1, b2), m, v, out = ADAM_BETAS, 0.0, 0.0, []
    for k, g in enumerate(np.asarray(gradients, np.float64)):
        n = 1 if fresh else k + 1
        if fresh:
            m, v = 0.0, 0.0
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        out.append(-lr * (m / (1 - b1**n)) / (np.sqrt(v / (1 - b2**n)) + ADAM_EPS))
    return np.array(out)


def _episode_bounds(got) -> list:
    """(first step, end step) of every episode the grader's env saw finish, in order."""
    ends = np.flatnonzero(got[TRUSTED + "terminated"] | got[TRUSTED + "truncated"])
    starts = np.concatenate([[0], ends[:-1] + 1]) if len(ends) else []
    return [(int(a), int(b) + 1) for a, b in zip(starts, ends, strict=True)]


def _weights(rewards, gamma, to_go, baseline=None, *, returns_to_go=None) -> np.ndarray:
    """The weight of every step of some episodes: their whole discounted return G_0 or their
    reward-to-go G_t (computed here, or `returns_to_go` given per episode), minus a baseline:
    None, "trajectories" (the mean over the N trajectories) or "steps" (over all steps)."""
    found = []
    for i, r in enumerate(rewards):
        if returns_to_go is not None:
            G = np.asarray(returns_to_go[i], np.float64)
        else:
            G, future = np.zeros(len(r)), 0.0
            for t in reversed(range(len(r))):
                future = r[t] + gamma * future
                G[t] = future
        found.append(G if to_go else np.full(len(r), G[0] if len(r) else 0.0))
    if baseline == "trajectories":
        b = np.mean([w[0] for w in found])
        found = [w - b for w in found]
    elif baseline == "steps":
        b = np.mean(np.concatenate(found))
        found = [w - b for w in found]
    return np.concatenate(found) if found else np.zeros(0)


def _near(got, want, rtol: float = 1e-4) -> bool:
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    if got.shape != want.shape:
        return False
    scale = float(np.max(np.abs(want), initial=0.0))
    return bool(np.max(np.abs(got - want), initial=0.0) <= rtol * scale + 1e-6)


def _gradient_problem(session, case, got, k, iteration, rows, greedy_rows):
    """Why the gradient of iteration k is not the surrogate loss's for the case's options, with
    a name when a known mistake's signature fits; '' when it is (or when the student's own
    reinforce_loss or reward_to_go explain it: their own checks grade those)."""
    N, gamma = case["episodes_per_iteration"], case["gamma"]
    to_go, baseline = case["use_reward_to_go"], case["baseline"]
    rewards = [got[TRUSTED + "rewards"][a:b] for a, b in iteration]
    G = got["gradients"][k]

    def gradient(weights, jacobian=rows):
        return -(weights @ jacobian) / N

    # The student's own reward_to_go, where it gave one: a loop built on it is judged with it
    # (reward_to_go's own check grades it), and so is one built on its own reinforce_loss.
    start, end = iteration[0][0], iteration[-1][1]
    own_rtg = got["own_reward_to_go"]
    own = None
    if len(own_rtg) >= end and np.any(own_rtg[start:end] != 0):
        own = [own_rtg[a:b] for a, b in iteration]
    centred = ("trajectories", "steps") if baseline else (None,)
    accepted = [
        gradient(_weights(rewards, gamma, to_go, b, returns_to_go=values))
        for values in ([None] if own is None else [None, own])
        for b in centred
    ]
    loss_gradients = got["own_loss_gradients"]
    if not to_go and not baseline and k < len(loss_gradients) and np.any(loss_gradients[k] != 0):
        accepted.append(loss_gradients[k])
    if any(_near(G, want) for want in accepted):
        return []
    want = accepted[0]
    steps = sum(b - a for a, b in iteration)
    where = f"In iteration {k + 1}, the gradient at your optimizer step"
    if _near(G, -want):
        return [f"{where} is minus the surrogate loss's: the loss is minus the objective."]
    if _near(G, want * N / steps):
        return [
            f"{where} is the surrogate loss's divided by the {steps} time steps instead of the "
            f"{N} trajectories: average the sum over time steps over the N trajectories."
        ]
    if k > 0:
        previous = [
            -(_weights([got[TRUSTED + "rewards"][a:b] for a, b in it], gamma, to_go) @ r) / N
            for it, r in _iterations(got, case)[:k]
        ]
        if not baseline and _near(G, want + np.sum(previous, axis=0)):
            return [
                f"{where} is the sum of this iteration's gradient and the previous ones': "
                "call optimizer.zero_grad() before loss.backward()."
            ]
    signatures = []
    if not to_go and gamma != 1.0:
        signatures.append((_weights(rewards, 1.0, False), "reinforce_default_weights_undiscounted"))
    if to_go:
        signatures.append((_weights(rewards, gamma, False), "reinforce_ignores_reward_to_go"))
    if baseline:
        signatures.append((_weights(rewards, gamma, to_go), "reinforce_ignores_baseline"))
    if k == 0 and len(greedy_rows) == len(rows):
        weights = _weights(rewards, gamma, to_go, "trajectories" if baseline else None)
        signatures.append((weights, "reinforce_log_prob_of_argmax", greedy_rows))
    lines = [
        f"{where} is not -(1/N) sum_i sum_t w_t^i grad log pi_theta(a_t^i | s_t^i) on the "
        f"episodes it played, with w_t^i {_weights_text(case)}."
    ]
    for weights, mistake, *jacobian in signatures:
        if _near(G, gradient(weights, *jacobian)):
            lines.append(session.named(mistake))
            break
    return lines


def _weights_text(case) -> str:
    text = (
        "= G_t^i, the reward-to-go"
        if case["use_reward_to_go"]
        else "= sum_t' gamma^t' r_t'^i, the whole discounted return of its trajectory"
    )
    text += f" (gamma = {case['gamma']:g})"
    if case["baseline"]:
        text += ", minus their average over the batch (baseline=True)"
    return text


def _iterations(got, case) -> list:
    """(episodes, Jacobian rows) of every iteration, in order, as the grader's record splits
    them."""
    N = case["episodes_per_iteration"]
    bounds = _episode_bounds(got)
    jacobian = got["log_prob_jacobian"]
    found = []
    for k in range(len(bounds) // N):
        iteration = bounds[k * N : (k + 1) * N]
        found.append((iteration, jacobian[iteration[0][0] : iteration[-1][1]]))
    return found


def _step_problem(session, case, got, K):
    """Whether every step is Adam's with learning rate lr on the gradient it had, one optimizer
    for the whole run: the first iteration where it is not, and why."""
    lr = case["lr"]
    before, after = got["parameters_before"][:K], got["parameters_after"][:K]
    grads = got["gradients"][:K]
    if len(after) < K:
        return ["An optimizer step did not finish."]
    grads = np.clip(grads, -1e12, 1e12)
    moved = np.clip(after - before, -1e12, 1e12)
    tol = 1e-2 * lr

    def first_off(predicted):
        off = [k for k in range(K) if np.max(np.abs(moved[k] - predicted[k]), initial=0) > tol]
        return off[0] if off else None

    k = first_off(adam_steps(grads, lr))
    if k is None:
        return []
    lines = [
        f"In iteration {k + 1}, the step your optimizer took is not Adam's with learning rate "
        f"lr = {lr:g} on the gradient it had, with one optimizer kept for the whole run."
    ]
    used = float(got["step_lr"][k])
    if not np.any(moved[k] != 0):
        lines.append("The parameters did not move.")
    elif first_off(adam_steps(grads, lr, fresh=True)) is None:
        lines.append(session.named("reinforce_optimizer_per_iteration"))
    elif abs(used - lr) > 1e-12 and first_off(adam_steps(grads, used)) is None:
        lines.append(
            f"It is Adam's with learning rate {used:g}: pass lr to the optimizer "
            "(torch.optim.Adam(policy.parameters(), lr=lr))."
        )
    elif first_off(-lr * grads) is None:
        lines.append("It is plain gradient descent (SGD): use torch.optim.Adam.")
    return lines


def reinforce_update(session, check, case_id, leaderboard=None) -> None:
    """Every iteration of a short train_reinforce run: N episodes, then exactly one Adam step
    (lr, one optimizer for the run) on the surrogate loss of the case's options, checked on the
    gradient the step had against the grader's own weights; seeding; the returned returns."""
    case = check.case(case_id)
    got = session.actual(check, case_id)
    N, iterations = case["episodes_per_iteration"], case["num_iterations"]
    call = (
        f"train_reinforce(num_iterations={iterations}, episodes_per_iteration={N}, "
        f"gamma={case['gamma']:g}, use_reward_to_go={case['use_reward_to_go']}, "
        f"baseline={case['baseline']}, lr={case['lr']:g}, seed={case['seed']})"
    )
    lines = []
    seeds = got[TRUSTED + "reset_seeds"]
    if len(seeds) == 0 or seeds[0] != case["seed"] or np.any(seeds[1:] != -1):
        lines.append(
            "Seeding: the first episode starts with env.reset(seed=seed), every later one with "
            "env.reset() (no seed)."
        )
    bounds = _episode_bounds(got)
    if len(bounds) != N * iterations:
        lines.append(
            f"{call} played {len(bounds)} episodes: play N = {N} episodes per iteration, each "
            "until terminated or truncated."
        )
    cut = [bounds[(k + 1) * N - 1][1] for k in range(min(iterations, len(bounds) // N))]
    at = [int(i) for i in got["step_env_steps"]]
    K = len(at)
    size = got["initial_parameters"].size
    per_step = ("parameters_before", "parameters_after", "gradients", "own_loss_gradients")
    jacobians = ("log_prob_jacobian", "log_prob_jacobian_greedy")
    if any(got[name].shape[1:] != (size,) for name in (*per_step, *jacobians)):
        lines.append(
            f"The parameters of the policy {call} built changed in number during the run: build "
            "one PolicyNetwork and train its parameters only."
        )
    elif K == 0:
        lines.append(
            f"{call} took no optimizer step on the policy it built: call loss.backward() and "
            "optimizer.step() once per iteration."
        )
    elif at != cut:
        k = next((k for k in range(min(K, len(cut))) if at[k] != cut[k]), min(K, len(cut)))
        lines.append(
            f"{call} took {K} optimizer steps; exactly one per iteration, after its N episodes, "
            f"is right. The first that is not: iteration {k + 1}."
        )
        # the right episodes, a step after each (a loop that cuts episodes short merges them
        # in the env's record, and steps where they end too: not this mistake)
        if len(bounds) == N * iterations == K and at == [b for _, b in bounds]:
            lines.append(session.named("reinforce_step_per_episode"))
    elif len(got["log_prob_jacobian"]) == cut[-1] and len(got["gradients"]) == K:
        for k, (iteration, rows) in enumerate(_iterations(got, case)[:K]):
            greedy = got["log_prob_jacobian_greedy"]
            found = _gradient_problem(session, case, got, k, iteration, rows, greedy)
            if found:
                lines += found
                break
        else:
            lines += _step_problem(session, case, got, K)
    else:
        lines.append(f"What {call} did cannot be matched with the episodes the env saw.")
    reported, seen = got["reported_returns"], got[TRUSTED + "returns"]
    if len(reported) != len(seen) or not np.allclose(reported, seen, rtol=1e-5, atol=1e-5):
        lines.append(
            f"{call} returned {len(reported)} returns; the environment saw {len(seen)} "
            "episodes: return the undiscounted return of every episode, in the order played."
        )
        means = [float(np.mean(seen[i : i + N])) for i in range(0, len(seen), N)]
        if len(reported) == len(means) and np.allclose(reported, means, rtol=1e-5, atol=1e-5):
            lines.append(session.named("reinforce_returns_iteration_means"))
    other = case.get("same_seed_as")
    if other:
        try:
            first = session.actual(check, other)["initial_parameters"]
        except AssertionError:
            first = None
        mine = got["initial_parameters"]
        if first is not None and (first.shape != mine.shape or not np.array_equal(first, mine)):
            lines.append(
                f"Two runs with seed={case['seed']} (cases `{other}` and `{case_id}`) built "
                "networks with different initial weights: call torch.manual_seed(seed) before "
                "building pi_theta."
            )
            lines.append(session.named("reinforce_seeds_after_building"))
    if lines:
        _fail(check, case_id, [*lines, f"Re-read: `{check.formula}`"])


VERDICTS = {
    "td.evaluate": td_evaluate,
    "q_learning.learning": q_learning_learns,
    "q_learning.epsilon_greedy": epsilon_greedy_frequencies,
    "dqn.network": network,
    "dqn.replay_buffer": replay_buffer,
    "dqn.loss": dqn_loss,
    "dqn.target_update": target_update,
    "dqn.train": dqn_learns,
    "dqn.train_transitions": stored_transitions,
    "dqn.train_steps": train_steps,
    "reinforce.gradient_estimates": unbiased_estimator,
    "reinforce.policy_network": policy_network,
    "reinforce.loss_gradient": reinforce_loss,
    "reinforce.reward_to_go": reward_to_go,
    "reinforce.train": reinforce_learns,
    "reinforce.train_update": reinforce_update,
}


def verdict_of(check: scheme.Check):
    return VERDICTS.get(check.id, matches)
