"""bellman_backup_q writes the backed-up values into the Q it was given and returns it.

A probe's contract error stops the case before any output is compared, so no bank entry can
name it; the message says what is wrong."""

PART = "dp"
NAME = "bellman_backup_q overwrites its Q"
CAUGHT_BY = ["dp.backup_q"]
TOLD = "bellman_backup_q modified its input array"


def bellman_backup_q(mdp, Q):
    Q[:] = _q_from_v(mdp, Q.max(axis=1))  # the mistake: the new values in the caller's Q
    return Q
