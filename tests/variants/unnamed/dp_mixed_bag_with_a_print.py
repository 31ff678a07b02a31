"""Three dp mistakes at once and a print: value iteration in place (Gauss-Seidel), a backup
without the discount, greedy_policy returning a list and printing. test_determinism grades it
twice: a real mix of passed and failed cases, with the printed output in the feedback."""

PART = "dp"
NAME = "in-place value iteration, undiscounted backup, a printing greedy_policy"
CAUGHT_BY = ["dp.backup_v", "dp.greedy_policy"]
TOLD = "greedy for"


def bellman_backup_v(mdp, V):
    return np.sum(mdp.P * (mdp.R + V[None, None, :]), axis=2).max(axis=1)


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        delta = 0.0
        for s in range(mdp.num_states):
            new = max(
                np.sum(mdp.P[s, a] * (mdp.R[s, a] + mdp.gamma * V)) for a in range(mdp.num_actions)
            )
            delta, V[s] = max(delta, abs(new - V[s])), new
        if delta < tol:
            break
    return V


def greedy_policy(Q):
    print("greedy for", Q.shape)
    return list(np.argmax(Q, axis=1))
