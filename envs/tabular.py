"""Finite MDPs as arrays: the object every tabular algorithm of the homework takes.

The lecture defines an MDP as the tuple (S, A, R, T, gamma). Here it is three arrays and a number:

    P[s, a, s2] = p(s2 | s, a)      shape (S, A, S), each P[s, a, :] sums to 1
    R[s, a, s2] = reward on s -a-> s2   shape (S, A, S)
    gamma       in [0, 1]

Terminal states are absorbing (P[s, a, s] = 1) with reward 0, so "the episode ended" needs no
special case in a Bellman backup.
"""

from __future__ import annotations

import numpy as np

PROBABILITY_TOLERANCE = 1e-9


class MDPError(ValueError):
    """An MDP given to TabularMDP is malformed; the message says what to fix."""


class TabularMDP:
    """A finite MDP (S, A, R, T, gamma) held as dense numpy arrays.

    Arguments are validated so that a malformed MDP fails here, with a message, rather than as a
    wrong number deep inside value iteration. The arrays are copied and made read-only: nothing an
    algorithm does to `mdp.P` can change what the next caller sees.
    """

    def __init__(self, P, R, gamma, *, state_names=None, action_names=None, terminal_states=()):
        P = np.array(P, dtype=np.float64)
        R = np.array(R, dtype=np.float64)
        if P.ndim != 3 or P.shape[0] != P.shape[2]:
            raise MDPError(
                f"P must have shape (S, A, S) with P[s, a, s2] = p(s2 | s, a); got shape {P.shape}"
            )
        if R.shape != P.shape:
            raise MDPError(f"R must have the same shape as P {P.shape}; got {R.shape}")
        if P.shape[0] == 0 or P.shape[1] == 0:
            raise MDPError(f"an MDP needs at least one state and one action; got P.shape {P.shape}")
        if not np.all(np.isfinite(P)) or np.any(P < 0):
            s, a, s2 = np.argwhere(~np.isfinite(P) | (P < 0))[0]
            raise MDPError(f"P[{s}, {a}, {s2}] = {P[s, a, s2]} is not a probability")
        row_sums = P.sum(axis=2)
        bad = np.abs(row_sums - 1.0) > PROBABILITY_TOLERANCE
        if np.any(bad):
            s, a = np.argwhere(bad)[0]
            raise MDPError(
                f"P[{s}, {a}, :] sums to {row_sums[s, a]}; each row p(. | s, a) must sum to 1 "
                f"(within {PROBABILITY_TOLERANCE})"
            )
        if not np.all(np.isfinite(R)):
            s, a, s2 = np.argwhere(~np.isfinite(R))[0]
            raise MDPError(f"R[{s}, {a}, {s2}] = {R[s, a, s2]} is not a finite reward")
        gamma = float(gamma)
        if not 0.0 <= gamma <= 1.0:
            raise MDPError(f"gamma must lie in [0, 1]; got {gamma}")
        P.setflags(write=False)
        R.setflags(write=False)
        self.P = P
        self.R = R
        self.gamma = gamma
        self.state_names = tuple(state_names) if state_names is not None else None
        self.action_names = tuple(action_names) if action_names is not None else None
        self.terminal_states = tuple(int(s) for s in terminal_states)

    @property
    def num_states(self) -> int:
        return self.P.shape[0]

    @property
    def num_actions(self) -> int:
        return self.P.shape[1]

    def expected_reward(self) -> np.ndarray:
        """r(s, a) = sum_s2 p(s2 | s, a) R(s, a, s2), shape (S, A)."""
        return np.einsum("ijk,ijk->ij", self.P, self.R)

    def absorbing_states(self) -> np.ndarray:
        """States that every action keeps in place with reward 0 (terminal states)."""
        stays = np.all(np.isclose(np.diagonal(self.P, axis1=0, axis2=2), 1.0), axis=0)
        silent = np.all(np.diagonal(self.R, axis1=0, axis2=2) == 0.0, axis=0)
        return np.flatnonzero(stays & silent)

    def __repr__(self) -> str:
        return (
            f"TabularMDP(num_states={self.num_states}, num_actions={self.num_actions}, "
            f"gamma={self.gamma})"
        )
