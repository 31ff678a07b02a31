"""Q-iteration returns the iterate before the one that met the stopping rule.

A stopping rule on the state values max_a Q(s, a) instead of every Q(s, a) stops one iterate
early where it differs (the tol = 0.3 case of dp.q_iteration), which returns the same array:
the explanation names both ways to get there."""

import numpy as np

PART = "dp"
NAME = "Q-iteration returns one iterate too early"
EXPLANATION = (
    "Your q_iteration returns the iterate before the one the stopping rule picks: return the "
    "first Q^i whose change max over every (s, a) of |Q^i(s, a) - Q^{i-1}(s, a)| is < tol, "
    "as value_iteration does (not Q^{i-1}, and not a rule on the state values max_a Q(s, a) "
    "alone, which can stop an iterate early)."
)
CAUGHT_BY = ["dp.q_iteration"]


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)  # noqa: F821 - the reference's, in the variant module
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q
        Q = Q_new
    return Q
