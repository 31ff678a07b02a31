# target: q_iteration
def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    raise KeyboardInterrupt
