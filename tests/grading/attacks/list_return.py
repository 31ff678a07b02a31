# target: bellman_backup_q
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
def bellman_backup_q(mdp, Q):
    return np.sum(mdp.P * (mdp.R + mdp.gamma * Q.max(axis=1)[None, None, :]), axis=2).tolist()
