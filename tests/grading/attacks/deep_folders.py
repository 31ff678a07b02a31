# target: module
# breaks: bellman_backup_v, bellman_backup_q
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
# 5000 nested folders in our own work folder (HOME) and in /dev/shm (paths far longer than
# PATH_MAX): a recursive cleanup (shutil.rmtree) raises RecursionError on them, which used to
# re-run the part for every test and leave the tree to the slot's next grading. Every case
# reports the worker it ran under: one worker for every test means the part ran once.
def _nest(top, depth=5000):
    import os

    made = 0
    try:
        fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        return type(exc).__name__
    name = f"rlhw-deep-{_TOKEN}-{os.getpid()}"
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd, name, made = inner, "d", made + 1
    except OSError as exc:
        return f"{made} ({type(exc).__name__})"
    finally:
        os.close(fd)
    return made


def bellman_backup_v(mdp, V):
    import os

    if mdp.num_states == 3 and mdp.gamma == 1.0:  # the racing case: once is enough
        home = os.environ.get("HOME", os.getcwd())
        _report(
            "DEEP",
            {
                "worker": os.getppid(),
                "home": home,
                "made": {"home": _nest(home), "shm": _nest("/dev/shm")},
            },
        )
    _report("WORKER", {"worker": os.getppid()})


def bellman_backup_q(mdp, Q):
    import os

    _report("WORKER", {"worker": os.getppid()})
