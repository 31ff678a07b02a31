"""The properties of dqn_loss, tested on the losses it gave on one-input-at-a-time variations.

The probe (`probes/dqn.py`, `varied_inputs`) hands dqn_loss lookup networks whose every Q-value
the grader knows, and records the loss of each variation, raw. Each property below is one
dependence of the lecture's loss

    y_j  = r_j + gamma (1 - terminated_j) max_a' Q_old(phi_{j+1}, a')
    loss = (1/B) sum_j ( y_j - Q_new(phi_j, a_j) )^2

tested in the grader's arithmetic on those losses. They are tested in order and the first one
violated is named; a later property assumes the earlier ones hold (the squared error is tested
before gamma's term is read through it). Tolerances sit far above float32 rounding: a correct
loss, however written, never violates one (tests/grading/test_properties_dqn.py).
"""

from __future__ import annotations

import numpy as np

from autograder.grade.properties import Property

P = Property
TAKEN_ACTION_ONLY = P(
    "dqn_loss.taken_action_only",
    "dqn_loss",
    "the loss depends on Q_new(phi_j, .) only through Q_new(phi_j, a_j), the Q-value of the "
    "action taken: raising the other actions' Q-values leaves it unchanged",
    "Pick the taken action's Q-value (gather with batch.actions), not a max or a mean.",
)
ZERO_AT_TARGET = P(
    "dqn_loss.zero_at_target",
    "dqn_loss",
    "the loss is 0 when every Q_new(phi_j, a_j) equals its own target y_j",
    "Compare each Q-value with its own target: a (B, 1) column against a (B,) target "
    "broadcasts to a (B, B) table of every pair.",
)
SQUARED_ERROR = P(
    "dqn_loss.squared_error",
    "dqn_loss",
    "doubling every TD error y_j - Q_new(phi_j, a_j) makes the loss 4 times larger: the "
    "lecture's loss is the squared error",
    "Use (y_j - Q_new(phi_j, a_j))^2 (F.mse_loss), not a Huber or absolute error.",
)
BATCH_MEAN = P(
    "dqn_loss.batch_mean",
    "dqn_loss",
    "the loss is the mean over the minibatch: the same minibatch twice over gives the same loss",
    "Average the squared errors over the B transitions (1/B sum_j), do not sum them.",
)
TERMINAL = P(
    "dqn_loss.terminal_no_bootstrap",
    "dqn_loss",
    "after a termination there is no bootstrap term (y_j = r_j): with terminated = 1 on every "
    "transition, changing Q_old leaves the loss unchanged",
    "Multiply the bootstrap term by (1 - terminated).",
)
TARGET_FROM_Q_OLD = P(
    "dqn_loss.target_from_q_old",
    "dqn_loss",
    "the target's max_a' Q_old(phi_{j+1}, a') comes from the frozen target_net: changing "
    "q_net's values on phi_{j+1} leaves the loss unchanged",
    "Compute the target with target_net (Q_old), not q_net.",
)
MAX_ONLY = P(
    "dqn_loss.max_only",
    "dqn_loss",
    "the target uses max_a' Q_old(phi_{j+1}, a') only: lowering Q_old's other values on "
    "phi_{j+1} leaves the loss unchanged",
    "Take the max over the next actions (target_net(next_obs).max(dim=1).values), not the "
    "taken action's value or a mean.",
)
GAMMA = P(
    "dqn_loss.gamma_discounts",
    "dqn_loss",
    "gamma multiplies the bootstrap term: with Q_new(phi_j, a_j) = r_j the loss is 0 at "
    "gamma = 0 and 4 times larger at 2 gamma than at gamma",
    "y_j = r_j + gamma (1 - terminated_j) max_a' Q_old(phi_{j+1}, a').",
)
FROZEN_TARGET = P(
    "dqn_loss.frozen_target",
    "dqn_loss",
    "the gradient reaches q_net's parameters only, never target_net's (Q_old is frozen)",
    "Compute the target under torch.no_grad() (or .detach() it).",
)
PROPERTIES = (
    TAKEN_ACTION_ONLY,
    ZERO_AT_TARGET,
    SQUARED_ERROR,
    BATCH_MEAN,
    TERMINAL,
    TARGET_FROM_Q_OLD,
    MAX_ONLY,
    GAMMA,
    FROZEN_TARGET,
)


def _unchanged(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-4 * max(1.0, abs(a), abs(b))


def _factor(a: float, b: float) -> float:
    """b / a, or infinity when a is 0 and b is not."""
    if abs(a) <= 1e-12:
        return 1.0 if abs(b) <= 1e-12 else float("inf")
    return b / a


def first_violated(losses) -> tuple[Property, str] | None:
    """The first property the losses on the variations violate, and what was observed; None
    when every property holds (or the losses cannot be read)."""
    L = np.asarray(losses, dtype=np.float64).reshape(-1)
    if L.size != 14 or not np.all(np.isfinite(L)):
        return None
    if not _unchanged(L[0], L[1]):
        return TAKEN_ACTION_ONLY, (
            f"raising the other actions' Q-values changed your loss from {L[0]:.4g} to {L[1]:.4g}"
        )
    if abs(L[2]) > 1e-6:
        return ZERO_AT_TARGET, f"your loss is {L[2]:.4g} when every Q-value equals its target"
    growth = _factor(L[3], L[4])
    if abs(growth - 4.0) > 0.01 * 4.0:
        if abs(growth - 2.0) <= 0.05:
            observed = "your loss grows linearly, not quadratically, with the TD error"
        else:
            observed = f"doubling every TD error multiplied your loss by {growth:.3g}, not by 4"
        return SQUARED_ERROR, observed
    if not _unchanged(L[3], L[5]):
        return BATCH_MEAN, (
            f"the minibatch twice over multiplied your loss by {_factor(L[3], L[5]):.3g}"
        )
    if not _unchanged(L[6], L[7]):
        return TERMINAL, (
            "with every transition terminated your loss still changed when Q_old changed "
            f"({L[6]:.4g}, then {L[7]:.4g})"
        )
    if not _unchanged(L[8], L[9]):
        return TARGET_FROM_Q_OLD, (
            f"changing q_net's values on phi_(j+1) changed your loss from {L[8]:.4g} to {L[9]:.4g}"
        )
    if not _unchanged(L[8], L[10]):
        return MAX_ONLY, (
            f"lowering Q_old's non-maximal values changed your loss from {L[8]:.4g} to {L[10]:.4g}"
        )
    if abs(L[11]) > 1e-6:
        return GAMMA, f"at gamma = 0 your loss is {L[11]:.4g}, not 0"
    growth = _factor(L[12], L[13])
    if abs(growth - 4.0) > 0.01 * 4.0:
        return GAMMA, f"doubling gamma multiplied your loss by {growth:.3g}, not by 4"
    return None
