"""Oracles: exact answers computed by the trusted grader when the expected data is built.

Never copied into the sandbox (they are solutions in all but name): a reference-only check's job
names `autograder.build.oracles` as its module, and only `build()` runs those jobs.
"""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import learning_env


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
    from autograder.sandbox.probes.td import evaluation_policy

    mdp, _ = learning_env(case)
    return {"V": exact_v_pi(mdp, evaluation_policy(case, mdp))}


def q_learning_exact(_module, case):
    """Q* of a q_learning.learning case's MDP."""
    mdp, _ = learning_env(case)
    return {"Q": exact_q_star(mdp)}


def reinforce_exact(_module, case):
    """The analytic gradient of J(theta) = E[sum_t r_t] on the oracle's tiny MDP.

    J is computed exactly by propagating the state distribution d_t under softmax(theta):
    E[r_t] = sum_s d_t(s) sum_a pi(a|s) R(s, a), d_{t+1}(s') = sum_{s,a} d_t(s) pi(a|s) P(s,a,s');
    autograd then differentiates that closed form.
    """
    import torch

    mdp = case["mdp"]
    P = torch.tensor(mdp["P"], dtype=torch.float64)
    R = torch.tensor(mdp["R"], dtype=torch.float64)
    values = np.random.default_rng(case["seed"]).normal(
        0.0, 0.5, size=(case["num_states"], case["num_actions"])
    )
    theta = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    pi = torch.softmax(theta, dim=1)
    d = torch.zeros(case["num_states"], dtype=torch.float64)
    d[0] = 1.0
    J = torch.zeros((), dtype=torch.float64)
    for _ in range(mdp["horizon"]):
        J = J + torch.sum(d[:, None] * pi * R)
        d = torch.einsum("s,sa,sat->t", d, pi, P)
    J.backward()
    return {"gradient": theta.grad.numpy().copy(), "J": np.array(float(J.detach()))}
