# target: q_iteration
def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    import sys

    line = "spam " * 199 + "spam\n"  # 1000 bytes
    for _ in range(100_000):
        sys.stdout.write(line)
    raise RuntimeError("printed 100 MB")
