"""Oracles: exact answers computed by the trusted grader when the expected data is built.

Never copied into the sandbox (they are solutions in all but name): a reference-only check's job
names `autograder.oracles` as its module, and only `build()` runs those jobs.
"""

from __future__ import annotations

import numpy as np

from autograder.probes.common import learning_env


def exact_v_pi(mdp, policy) -> np.ndarray:
    """V^pi solving (I - gamma P_pi) V = r_pi; absorbing states are pinned to 0."""
    S = mdp.num_states
    states = np.arange(S)
    P_pi = np.array(mdp.P[states, policy])
    r_pi = np.einsum("ij,ij->i", P_pi, mdp.R[states, policy])
    absorbing = mdp.absorbing_states()
    P_pi[absorbing] = 0.0
    return np.linalg.solve(np.eye(S) - mdp.gamma * P_pi, r_pi)


def exact_q_star(mdp, tol=1e-12, max_iters=100_000) -> np.ndarray:
    """Q* by Q-iteration to machine precision (trusted; runs when the expected data is built)."""
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = np.einsum("ijk,ijk->ij", mdp.P, mdp.R + mdp.gamma * Q.max(axis=1)[None, None, :])
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new
        Q = Q_new
    return Q


def td_exact(_module, case):
    """The exact V^pi of a td.evaluate case (the same MDP and policy as the probe's)."""
    from autograder.probes.td import evaluation_policy

    mdp, _ = learning_env(case)
    return {"V": exact_v_pi(mdp, evaluation_policy(case, mdp))}


def q_learning_exact(_module, case):
    """Q* of a q_learning.learning case's MDP."""
    mdp, _ = learning_env(case)
    return {"Q": exact_q_star(mdp)}
