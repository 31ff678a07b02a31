"""q_iteration stops when the state values max_a Q(s, a) stop moving, not every Q(s, a).

It stops one iterate early where the two rules differ, which returns what the bank's
dp_qi_returns_previous_iterate returns; that entry's explanation names both ways."""

PART = "dp"
NAME = "q_iteration's stopping rule on max_a Q"
CAUGHT_BY = ["dp.q_iteration"]
NAMED_AS = "dp_qi_returns_previous_iterate"


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)
        if np.max(np.abs(Q_new.max(axis=1) - Q.max(axis=1))) < tol:  # the mistake
            return Q_new
        Q = Q_new
    return Q
