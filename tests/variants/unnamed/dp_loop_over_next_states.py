"""A backup written as the lecture's "for each state" reads: a Python loop over (s, a, s').

Right on every small MDP, but the hidden convergence checks' 500-state MDP takes it past their
time limit: the course expects numpy over s'. The public timing check (tests/public/test_dp.py,
the hidden MDP and limit) fails first and says so."""

PART = "dp"
NAME = "backup with a Python loop over s'"
CAUGHT_BY = ["dp.value_iteration"]
PUBLIC = "not with a Python loop over s'"


def bellman_backup_v(mdp, V):
    V_new = np.zeros(mdp.num_states)
    for s in range(mdp.num_states):
        best = -np.inf
        for a in range(mdp.num_actions):
            total = 0.0
            for s2 in range(mdp.num_states):
                total += mdp.P[s, a, s2] * (mdp.R[s, a, s2] + mdp.gamma * V[s2])
            best = max(best, total)
        V_new[s] = best
    return V_new
