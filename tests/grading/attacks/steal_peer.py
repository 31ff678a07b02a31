# target: greedy_policy
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
# During a regrade: read another student's submission. Its folder in the instructor's export
# is known here (__PEER__: an attacker could guess it from the regrade's command line); then
# every grading folder we can name.
def greedy_policy(Q):
    import os

    found, listed, denied = [], [], 0
    peer, marker = "__PEER__", ("VICTIM" + "-SECRET").encode()  # split: not in this file
    for top in [peer, os.path.dirname(peer), *_roots()]:
        try:
            listed.append([top, sorted(os.listdir(top))[:5]])
        except OSError:
            denied += 1
            continue
        for folder, _dirs, names in os.walk(top, onerror=lambda error: None):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    with open(path, "rb") as handle:
                        if marker in handle.read(1 << 20):
                            found.append(path)
                except OSError:
                    denied += 1
    _report("PEER", {"found": found, "listed": listed, "denied": denied})
