"""greedy_policy subtracts each row's max from Q first (argmax is unchanged), in the caller's Q.

A probe's contract error stops the case before any output is compared, so no bank entry can
name it; the message says what is wrong."""

PART = "dp"
NAME = "greedy_policy shifts Q in place"
CAUGHT_BY = ["dp.greedy_policy"]
TOLD = "greedy_policy modified its input array"


def greedy_policy(Q):
    Q -= Q.max(axis=1, keepdims=True)  # the mistake: shifts the caller's Q
    return np.argmax(Q, axis=1)
