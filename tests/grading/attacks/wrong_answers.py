# target: module
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
# breaks: bellman_backup_v, value_iteration, bellman_backup_q, q_iteration
# Wrong values (a constant), to go with the patches above.
def bellman_backup_v(mdp, V):
    return np.full(mdp.num_states, 0.5)


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    return [0.5] * mdp.num_states


def bellman_backup_q(mdp, Q):
    return np.full((mdp.num_states, mdp.num_actions), 0.5)


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    return np.full((mdp.num_states, mdp.num_actions), 0.5)
