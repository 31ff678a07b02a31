"""Part 1: dynamic programming (value iteration and Q-iteration).

You are given the model of the MDP, `mdp` (an `envs.TabularMDP`):

    mdp.P[s, a, s2]  = p(s2 | s, a)          shape (S, A, S)
    mdp.R[s, a, s2]  = reward of s -a-> s2    shape (S, A, S)
    mdp.gamma        = discount factor in [0, 1]
    mdp.num_states, mdp.num_actions

Terminal states are absorbing with reward 0, so they need no special case.
All arrays are numpy float64. Do not modify `mdp` or the arrays you are given: return new ones.
Run `make test` (or `python -m pytest tests/public`) to check your work; see README.md for how
each function is graded.
"""

from __future__ import annotations

import numpy as np  # noqa: F401  (you will need it)


def bellman_backup_v(mdp, V):
    """One synchronous Bellman optimality backup of the state values.

    The lecture's value-iteration update, for every state s at once:

        V^{i+1}(s) <- max_a sum_s' p(s'|s,a) [ r(s,a,s') + gamma V^i(s') ]

    "Synchronous" means every V^{i+1}(s) is computed from the *old* V^i: do not let a new value
    leak into the computation of another state in the same backup.

    Args:
        mdp: the MDP (see the module docstring).
        V: np.ndarray, shape (S,), the current values V^i. Do not modify it.

    Returns:
        np.ndarray, shape (S,), float64: the new values V^{i+1}.

    Example (the lecture's racing car, `envs.racing()`, gamma = 1; states cool, warm, overheated):
        V^0 = [0, 0, 0]
        V^1 = [2, 1, 0]        # cool: max(slow: 1.0*(1 + 0), fast: 0.5*(2 + 0) + 0.5*(2 + 0)) = 2
        V^2 = [3.5, 2.5, 0]
    """
    # TODO: compute, for every (s, a), the expectation over s' of r(s,a,s') + gamma V(s'),
    # then take the max over actions.
    raise NotImplementedError("bellman_backup_v: not implemented yet")


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    """Value iteration: V^0 = 0 -> V^1 -> V^2 -> ... -> V*.

    Start from V^0 = zeros and apply `bellman_backup_v` until the values stop changing:
    return the first iterate V^{i} with max_s |V^{i}(s) - V^{i-1}(s)| < tol.
    If that never happens, return V^{max_iters} (the result of exactly max_iters backups).

    Args:
        mdp: the MDP.
        tol: float, the stopping threshold on the largest change of any state's value.
        max_iters: int >= 1, the largest number of backups.

    Returns:
        np.ndarray, shape (S,), float64.

    Example: value_iteration(envs.racing(), max_iters=2) == [3.5, 2.5, 0]
    (with gamma = 1 the racing values grow forever, so max_iters stops it).
    """
    # TODO: loop bellman_backup_v from zeros with the stopping rule above.
    raise NotImplementedError("value_iteration: not implemented yet")


def bellman_backup_q(mdp, Q):
    """One synchronous Q-iteration backup.

    The lecture's Q-iteration update, for every (s, a) at once:

        Q^{i+1}(s, a) <- sum_s' p(s'|s,a) [ r(s,a,s') + gamma max_a' Q^i(s', a') ]

    Args:
        mdp: the MDP.
        Q: np.ndarray, shape (S, A), the current Q-values Q^i. Do not modify it.

    Returns:
        np.ndarray, shape (S, A), float64: Q^{i+1}.

    Example (racing, gamma = 1; rows cool, warm, overheated; columns slow, fast):
        Q^1 = [[1, 2], [1, -10], [0, 0]]
    """
    # TODO: the expectation over s' of r + gamma * (the best Q-value in s').
    raise NotImplementedError("bellman_backup_q: not implemented yet")


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    """Q-iteration: Q^0 = 0 -> Q^1 -> ... -> Q*, with the same stopping rule as value_iteration.

    Returns the first Q^{i} with max_{s,a} |Q^{i}(s,a) - Q^{i-1}(s,a)| < tol, or Q^{max_iters}.

    Returns:
        np.ndarray, shape (S, A), float64.
    """
    # TODO: loop bellman_backup_q from zeros.
    raise NotImplementedError("q_iteration: not implemented yet")


def greedy_policy(Q):
    """The greedy policy of the lecture: pi*(s) = argmax_a Q*(s, a).

    Args:
        Q: np.ndarray, shape (S, A).

    Returns:
        np.ndarray, shape (S,), integer dtype: the action index for each state.
        Ties go to the lowest action index.

    Example: greedy_policy(np.array([[1.0, 2.0], [3.0, 3.0]])) == [1, 0]
    """
    # TODO: one action per state; mind the tie rule.
    raise NotImplementedError("greedy_policy: not implemented yet")
