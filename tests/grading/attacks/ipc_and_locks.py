# target: value_iteration
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
# Leave traces that outlive every process of ours: files in the world-writable folders (the
# lock folder too), System V shared memory, a message queue and a semaphore set (kernel
# objects that stay until someone removes them), and a POSIX message queue.
def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    import ctypes
    import os

    if not (mdp.num_states == 3 and mdp.gamma == 1.0):
        raise RuntimeError("traces on the racing case only")
    libc = ctypes.CDLL(None, use_errno=True)
    ipc_creat, ipc_private = 0o1000, 0
    made = {
        "shm": libc.shmget(ipc_private, 1 << 20, ipc_creat | 0o666),
        "msg": libc.msgget(ipc_private, ipc_creat | 0o666),
        "sem": libc.semget(ipc_private, 4, ipc_creat | 0o666),
    }
    made["shm_keyed"] = libc.shmget(0x52_4C_48_57, 4096, ipc_creat | 0o666)  # "RLHW"
    try:
        made["mq"] = libc.mq_open(f"/rlhw-{_TOKEN}".encode(), os.O_CREAT | os.O_RDWR, 0o600, None)
    except AttributeError:
        made["mq"] = "no mq_open"
    files = []
    for folder in ("/run/lock", "/var/lock", "/var/tmp", "/tmp", "/dev/shm", "/dev/mqueue"):
        path = f"{folder}/rlhw-trace-{_TOKEN}-{os.getpid()}"
        try:
            with open(path, "w") as handle:
                handle.write("left behind")
            os.mkdir(path + ".d")
            files.append(folder)
        except OSError:
            pass
    _report("TRACES", {"made": made, "files": files, "uid": os.getuid()})
