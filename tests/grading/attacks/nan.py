# target: value_iteration
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    return np.full(mdp.num_states, np.nan)
