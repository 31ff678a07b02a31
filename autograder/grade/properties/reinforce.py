"""Properties of Part 5, REINFORCE: what reward_to_go and reinforce_loss must satisfy.

Each test takes the raw outputs of one case (the probe varied one input at a time: a single
step, a single reward, every reward doubled, d loss / d log pi of every step) and the case's own
inputs, recomputed here from the case's seeds. A property is reported only when it fails by far
more than float rounding: correct code never gets a diagnosis.
"""

from __future__ import annotations

import numpy as np

from autograder.grade.properties import Property, violated
from autograder.sandbox.probes import reinforce as probes

# -- reward_to_go ------------------------------------------------------------------------------
RTG_FUTURE = Property(
    "reward_to_go.sums_the_future",
    "reward_to_go",
    "G_t sums the rewards from step t on, r_t + gamma r_{t+1} + ...: what follows the action, "
    "not what came before it",
    "Compute it backwards, from the last step to the first.",
)
RTG_DISCOUNT = Property(
    "reward_to_go.discount_per_step",
    "reward_to_go",
    "each step between t and t' discounts r_t' once: G_t = sum_{t' >= t} gamma^(t' - t) r_t', "
    "so a single reward r_k counts gamma^(k - t) r_k in G_t",
    "Discount from step t (gamma^(t' - t)), not from the start of the episode.",
)
RTG_LAST = Property(
    "reward_to_go.last_step",
    "reward_to_go",
    "G_T = r_T: at the last step only its own reward is left",
)
RTG_RECURSION = Property(
    "reward_to_go.recursion",
    "reward_to_go",
    "G_t = r_t + gamma G_{t+1} at every step",
)
REWARD_TO_GO = (RTG_FUTURE, RTG_DISCOUNT, RTG_LAST, RTG_RECURSION)

# -- reinforce_loss ----------------------------------------------------------------------------
LOSS_SIGN = Property(
    "reinforce_loss.minus_the_objective",
    "reinforce_loss",
    "the loss is minus the objective, -(1/N) sum_i [sum_t log pi(a_t|s_t)] R(tau_i): raising the "
    "log-probability of a trajectory with a positive return lowers the loss",
    "An optimizer minimises: negate the estimator's objective.",
)
LOSS_WEIGHTING = Property(
    "reinforce_loss.weighting",
    "reinforce_loss",
    "every log pi(a_t|s_t) of trajectory i is weighted by that trajectory's whole return "
    "R(tau_i) = sum_t r_t: d loss / d log pi(a_t^i|s_t^i) = -R(tau_i) / N at every step t",
)
LOSS_MEAN = Property(
    "reinforce_loss.mean_over_trajectories",
    "reinforce_loss",
    "the sum over time steps is averaged over the N trajectories (1/N), not over the time steps",
)
LOSS_LINEAR = Property(
    "reinforce_loss.linear_in_the_weights",
    "reinforce_loss",
    "the loss is linear in the returns: doubling every reward doubles the loss",
)
REINFORCE_LOSS = (LOSS_SIGN, LOSS_WEIGHTING, LOSS_MEAN, LOSS_LINEAR)

PROPERTIES = REWARD_TO_GO + REINFORCE_LOSS

# Far above float32 rounding of the student's arithmetic, far below any property's failure.
RTOL, ATOL = 1e-5, 1e-7


def _off(got, want) -> bool:
    """True when `got` is surely not `want` (a shape that differs counts as not comparable)."""
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    if got.shape != want.shape:
        return False
    return bool(np.any(np.abs(got - want) > ATOL + RTOL * np.abs(want)))


def _steps(indices) -> str:
    return ", ".join(f"t = {int(t)}" for t in list(indices)[:4])


def reward_to_go_violation(case: dict, got: dict):
    """The first violated reward_to_go property of a case, as a feedback line, or ''."""
    gamma = float(case["gamma"])
    rewards = probes.case_rewards(case)
    single = probes.single_reward(case)
    k = int(np.flatnonzero(single)[0])
    G, one, impulse = got["G"], got["G_one_step"], got["G_single_reward"]
    if impulse.shape == single.shape:
        after = np.flatnonzero(np.abs(impulse[k + 1 :]) > ATOL) + k + 1
        if len(after):
            return violated(
                RTG_FUTURE,
                f"with rewards 0 except r_{k} = {single[k]:g}, your G is not 0 at {_steps(after)}, "
                "after the reward",
            )
        want = single[k] * gamma ** (k - np.arange(k + 1.0))
        wrong = [t for t in range(k + 1) if _off(impulse[t], want[t])]
        if wrong:
            return violated(
                RTG_DISCOUNT,
                f"with rewards 0 except r_{k} = {single[k]:g} and gamma = {gamma:g}, your G_t is "
                f"not gamma^({k} - t) r_{k} at {_steps(wrong)}",
            )
    if (one.shape == (1,) and _off(one[0], rewards[0])) or (
        G.shape == rewards.shape and _off(G[-1], rewards[-1])
    ):
        return violated(RTG_LAST, "your G at the last step is not that step's reward")
    if G.shape == rewards.shape and len(G) > 1:
        wrong = [t for t in range(len(G) - 1) if _off(G[t], rewards[t] + gamma * G[t + 1])]
        if wrong:
            return violated(RTG_RECURSION, f"it does not hold at {_steps(wrong)}")
    return ""


def loss_violation(case: dict, got: dict):
    """The first violated reinforce_loss property of a case, as a feedback line, or ''."""
    trajectories = probes.random_trajectories(case)
    N = len(trajectories)
    returns = [float(np.sum(r)) for _, _, r in trajectories]
    lengths = [len(r) for _, _, r in trajectories]
    want = np.concatenate([np.full(n, -R / N) for R, n in zip(returns, lengths, strict=True)])
    d = np.asarray(got["dloss_dlog_prob"], np.float64)
    if d.shape != want.shape:
        return ""
    scale = float(np.max(np.abs(want)))
    c = float(np.dot(d, want) / np.dot(want, want))
    proportional = float(np.max(np.abs(d - c * want))) <= 1e-5 * max(scale, abs(c) * scale)
    if not proportional or abs(c) * scale <= ATOL:
        starts = np.cumsum([0] + lengths[:-1])
        varies = [
            i
            for i, (s, n) in enumerate(zip(starts, lengths, strict=True))
            if np.ptp(d[s : s + n]) > 1e-5 * max(float(np.max(np.abs(d[s : s + n]))), 1e-12)
        ]
        observed = (
            f"in trajectory {varies[0]}, d loss / d log pi(a_t|s_t) differs from step to step"
            if varies
            else "d loss / d log pi(a_t|s_t) is not proportional to the trajectories' returns"
        )
        return violated(LOSS_WEIGHTING, observed)
    if c < 0:
        return violated(
            LOSS_SIGN, "d loss / d log pi(a_t^i|s_t^i) has the sign of R(tau_i), not of -R(tau_i)"
        )
    if abs(c - 1.0) > 1e-4:
        steps = sum(lengths)
        if abs(c - N / steps) <= 1e-4 * N / steps:
            observed = (
                f"your loss is divided by the {steps} time steps instead of the {N} trajectories"
            )
        else:
            observed = f"your loss is {c:.4g} times the lecture's"
        return violated(LOSS_MEAN, observed)
    loss, doubled = float(got["loss"]), float(got["loss_rewards_doubled"])
    if abs(doubled - 2 * loss) > 1e-5 * max(abs(loss), 1e-6):
        return violated(LOSS_LINEAR, "your loss does not double when every reward doubles")
    return ""
