# target: greedy_policy
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
# A bounded fork bomb: at most 300 processes, each waiting to outlive the grader (60 s at most).
def greedy_policy(Q):
    import os

    grader = _grader_pid()
    forked, stopped_by = 0, "nothing"
    for _ in range(300):
        try:
            pid = os.fork()
        except OSError as exc:
            stopped_by = type(exc).__name__
            break
        if pid == 0:
            _linger(grader, "fork")
        forked += 1
    _report("FORKBOMB", {"forked": forked, "stopped_by": stopped_by})
