"""The attack corpus: submissions that try to escape, read what they must not, or score more than
they earn, each graded end to end exactly as Gradescope would (run_autograder on a folder laid out
like /autograder, as root: the user switch), and on the other root paths: `make grade`
(grade_local, as root) and `make regrade` (two students, one attacking the other), each with
namespaces and with the permission fallback (RLHW_NO_NAMESPACES=1, as in a Docker container
without CAP_SYS_ADMIN).

One file per attack in `attacks/`: its first line names the function it replaces (`# target:`),
or `import` (it runs at import) or `module` (module-level code; `# breaks:` lists the functions it
makes wrong). A submission is `_prelude.py` (the attacker's toolbox: it finds the grader the way a
real attacker would, through /proc and /tmp/rlhw-*), then `_base.py` (an honest dp.py written
apart from the reference, no docstrings, no function calling another), then the attacks. Attacks
on different functions share one grade where they cannot weaken each other: every job is its own
process, so an attack on one function costs exactly that function's points.

For every grade: results.json is valid; the score is at most the honest score of what the
submission does right (the points of the functions no attack touched, from `autograder.scheme`),
and exactly that where nothing else can be hit; no line of the hidden tests, no docstring or
comment of the reference and no expected number appears in what a student sees; grading ends
inside its budget; what the grader trusts (its source folder, results.json) is unchanged after
it ends; nothing the attack started outlives it. Then each attack's own expectations. The
bundles are graded three at a time, as on a shared grading machine (each grading gets a sandbox
user of its own); `-k BUNDLE` grades only the chosen bundles.

What holds on every root path (Gradescope's, `make grade`, `make regrade`), asserted here:
- The sandbox reads nothing of the repository whose venv runs it (solutions/, tests/hidden,
  build/expected, .git, not even its listing), of the staged grader, or of another student's
  folder (steal, steal_peer): with namespaces they are not there (an empty tmpfs with only the
  venv bound back); without, they are closed to "other" for the run and restored after.
- What a submission leaves outside its processes is removed after each run, as root: files in
  every world-writable folder (/run/lock too), System V shared memory, queues and semaphores
  (checked in /proc/sysvipc), folders of any depth (5000 nested, in its work folder and in
  /dev/shm); the part still runs once, and the same sandbox user then grades an honest
  submission in full (deep_folders, ipc_and_locks). POSIX message queues cannot be created.

Where the guarantees stop (asserted or documented here, so that nobody relies on more):
- Network: the sandbox unshares the network when the kernel lets root (here it does: the socket
  attack is blocked); Gradescope's Docker may not. Then a submission can connect out, but it can
  send only what it can read: its own code, the case specs and the probes, nothing secret.
- Without namespaces the hiding is by permissions: it holds against the sandbox user unless a
  hidden path grants access through a group or an ACL (the slot user has no group but its own),
  and the repository's top-level entries are o-rwx while a sandbox runs (restored by the last
  concurrent run to end; after a grader is killed, by the next run's end). Its IPC objects live
  in the host's namespace until the run ends (then removed).
- Without the user switch (RLHW_NO_USER_SWITCH=1, a student's laptop) the steal attack reads the
  hidden tests and expected data: asserted, to prove the attack works. Only validity and the
  honest score are promised there; escaped processes are not hunted, nothing is hidden.
- /proc is the host's: the sandbox can list every process and read command lines (paths, never
  a secret: the grader's are folders it cannot open).
- Contract checks that run inside the sandbox (the probes' "input unchanged") can be patched
  away by the submission; the trusted grader repeats the input check on the returned copy, so a
  mutation still costs the case.
- RLIMIT_DATA gives a clean MemoryError for numpy and Python allocations; shared mappings
  (mmap(-1, n)) and tmpfs files are not counted: the backstop is oom_score_adj=1000 plus the
  container's memory limit (and, with namespaces, the private /dev/shm's 256 MiB).
"""

from __future__ import annotations

import ast
import contextlib
import ctypes
import dataclasses
import functools
import hashlib
import io
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import tokenize
import tracemalloc
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from autograder import scheme
from autograder.build import package
from autograder.grade import results
from autograder.grade.expected_data import ExpectedData
from autograder.sandbox import launch as sandbox
from autograder.sandbox import run as runner

HERE = Path(__file__).resolve().parent
ATTACKS = HERE / "attacks"
REPO = HERE.parents[1]
PART = "dp"
# The grader's own start (interpreter, pytest, the hidden suite) and its end, on a busy machine.
OVERHEAD_SECONDS = 45.0
TIMINGS: list = []  # (bundle, attacks, score, bound, wall seconds): printed at the end


# -- the scheme: points per function, the honest bound, the time budget ------------------------
def _function_of(check) -> str:
    return check.title.split(":", 1)[0].strip()


CHECKS = [check for check in scheme.checks_of(PART) if not check.reference_only]
FUNCTIONS = list(dict.fromkeys(_function_of(check) for check in CHECKS))


def points_of(function: str) -> float:
    return sum(check.points for check in CHECKS if _function_of(check) == function)


PART_TOTAL = sum(points_of(function) for function in FUNCTIONS)
PART_BUDGET = min(
    sum(check.timeout * len(check.cases) for check in CHECKS) + runner.STARTUP_SECONDS,
    scheme.PARTS[PART].budget_seconds,
)


def honest_bound(broken: set) -> float:
    """What a submission earns when the functions in `broken` are wrong and the rest right."""
    return PART_TOTAL - sum(points_of(function) for function in broken)


# -- attacks and submissions -------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Attack:
    name: str
    target: str  # a function, "import" or "module"
    breaks: frozenset
    code: str


@functools.cache
def attack(name: str) -> Attack:
    code = (ATTACKS / f"{name}.py").read_text()
    target = re.search(r"^# target: (\S+)", code, re.M).group(1)
    listed = re.search(r"^# breaks: (.+)$", code, re.M)
    if listed:
        breaks = {name.strip() for name in listed.group(1).split(",")}
    elif target == "import":
        breaks = set(FUNCTIONS)
    elif target == "module":
        breaks = set()
    else:
        breaks = {target}
    assert breaks <= set(FUNCTIONS), f"{name}: unknown function in {breaks}"
    return Attack(name, target, frozenset(breaks), code)


def submission(
    folder: Path, names: list, *, token: str, port: int = 0, fill: dict | None = None
) -> tuple[Path, set]:
    """A submission folder holding the bundle's dp.py; returns it and the functions it breaks."""
    attacks = [attack(name) for name in names]
    targets = [a.target for a in attacks if a.target not in ("import", "module")]
    targets += [f for a in attacks if a.target == "module" for f in a.breaks]
    assert len(targets) == len(set(targets)), f"two attacks on one function in {names}"
    source = "\n\n".join(
        [
            (ATTACKS / "_prelude.py").read_text(),
            (ATTACKS / "_base.py").read_text(),
            *(a.code for a in attacks),
        ]
    )
    source = source.replace("__TOKEN__", token).replace("__PORT__", str(port))
    for placeholder, value in (fill or {}).items():
        source = source.replace(placeholder, value)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dp.py").write_text(source)
    return folder, set().union(*(a.breaks for a in attacks))


# -- what a student must never see ------------------------------------------------------------
@functools.cache
def secret_lines() -> frozenset:
    """Hidden test code (not the test docstrings: their first line is a test's name) and the
    reference's docstrings and comments."""
    lines = set()
    for path in sorted((REPO / "tests" / "hidden").glob("*.py")):
        text = path.read_text()
        shown = set()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and ast.get_docstring(node):
                shown.update(line.strip() for line in ast.get_docstring(node).splitlines())
        lines.update(
            line.strip()
            for line in text.splitlines()
            if len(line.strip()) >= 20 and line.strip() not in shown
        )
    reference = (REPO / "solutions" / "dp.py").read_text()
    for node in ast.walk(ast.parse(reference)):
        if isinstance(node, (ast.Module, ast.FunctionDef)) and ast.get_docstring(node):
            lines.update(line.strip() for line in ast.get_docstring(node).splitlines())
    for token in tokenize.generate_tokens(io.StringIO(reference).readline):
        if token.type == tokenize.COMMENT:
            lines.add(token.string.lstrip("# ").strip())
    return frozenset(line for line in lines if len(line) >= 20)


NUMBER = re.compile(r"[-+]?\d+\.\d+(?:[eE][-+]?\d+)?")


def _numbers(text: str) -> set:
    return {f"{float(token):.6g}" for token in NUMBER.findall(text)}


@functools.cache
def secret_numbers(expected_dir: Path) -> frozenset:
    """Expected values of the small cases (the lecture's MDPs), to 6 significant digits, those
    with at least three (a leak prints them; a message never does)."""
    data = ExpectedData(expected_dir)
    found = set()
    for check in CHECKS:
        for case_id in check.cases:
            if case_id not in ("racing", "racing-gamma0.9", "gridworld"):
                continue
            for array in data.reference(check, case_id).values():
                for value in np.asarray(array, dtype=np.float64).ravel():
                    text = f"{value:.6g}"
                    if value != round(value) and len(text.lstrip("-").replace(".", "")) >= 3:
                        found.add(text)
    return frozenset(found)


def visible_text(outcome: dict) -> str:
    parts = [outcome.get("output", "")]
    for test in outcome.get("tests", []):
        parts += [test.get("name", ""), test.get("output", "")]
    return "\n".join(parts)


def leaks(outcome: dict, expected_dir: Path) -> list:
    text = visible_text(outcome)
    found = [f"hidden line: {line!r}" for line in secret_lines() if line in text]
    found += [f"expected number: {n}" for n in _numbers(text) & secret_numbers(expected_dir)]
    return found


def report(text: str, tag: str):
    """The JSON an attack put after `TAG ` in an error message, or None."""
    at = text.find(f"{tag} ")
    if at < 0:
        return None
    return json.JSONDecoder().raw_decode(text[at + len(tag) + 1 :])[0]


def outputs_of(outcome: dict, function: str) -> list:
    ids = {check.id for check in CHECKS if _function_of(check) == function}
    return [t["output"] for t in outcome["tests"] if ids & set(t.get("tags", []))]


def passed(outcome: dict, function: str) -> bool:
    ids = {check.id for check in CHECKS if _function_of(check) == function}
    mine = [t for t in outcome["tests"] if ids & set(t.get("tags", []))]
    return bool(mine) and all(t["status"] == "passed" for t in mine)


# -- grading, as Gradescope does --------------------------------------------------------------
@dataclasses.dataclass
class Graded:
    outcome: dict
    wall: float
    root: Path
    raw: str  # results.json as the grader left it
    source_digest: str  # of the grader's source folder before grading


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """The autograder zip's contents, staged once (each grade copies them)."""
    return package.stage_autograder(
        tmp_path_factory.mktemp("staged") / "source", log=lambda *_: None
    )


class Grader:
    """grade(folder, switch_user=True) -> Graded, through run_autograder; close() removes the
    roots. Safe to use from several threads: each grading gets its own sandbox user."""

    def __init__(self, staged: Path):
        self.staged = staged
        self.roots: list = []

    def __call__(
        self, folder: Path, *, switch_user: bool = True, env_extra: dict | None = None
    ) -> Graded:
        # Named like grade_local's roots: /tmp/rlhw-autograder-*, where an attacker looks.
        root = Path(tempfile.mkdtemp(prefix="rlhw-autograder-"))
        self.roots.append(root)
        shutil.copytree(self.staged, root / "source")
        shutil.copytree(folder, root / "submission")
        digest = _digest(root / "source")
        env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
        for name in (sandbox.FORCE_NO_USER_SWITCH, sandbox.FORCE_NO_NAMESPACES, sandbox.SLOT_ENV):
            env.pop(name, None)  # another test's (monkeypatch), while the campaign runs
        env.update(env_extra or {})
        if not switch_user:
            env[sandbox.FORCE_NO_USER_SWITCH] = "1"
        started = time.monotonic()
        subprocess.run(
            ["bash", str(root / "source" / "run_autograder")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            timeout=PART_BUDGET + 10 * OVERHEAD_SECONDS,
        )
        wall = time.monotonic() - started
        raw = (root / "results" / "results.json").read_text()
        return Graded(results.validate(json.loads(raw)), wall, root, raw, digest)

    def close(self):
        for root in self.roots:
            sandbox.remove_tree(root)


@pytest.fixture
def grade_attack(staged):
    grader = Grader(staged)
    yield grader
    grader.close()


@contextlib.contextmanager
def listening():
    """A TCP listener on 127.0.0.1 (loopback only), recording what any connection sends."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    received: list = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                chunks = []
                with contextlib.suppress(OSError):
                    while chunk := conn.recv(65536):
                        chunks.append(chunk)
                received.append(b"".join(chunks))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], received
    finally:
        stop.set()
        thread.join(2)
        server.close()


@functools.cache
def kernel_gives_network_namespaces() -> bool:
    """Whether this machine lets root unshare the network (the sandbox then does, best effort)."""
    pid = os.fork()
    if pid == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        os._exit(0 if libc.unshare(0x40000000) == 0 else 1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


needs_root = pytest.mark.skipif(not sandbox.is_root(), reason="the user switch needs root (CI)")


# -- each attack's own expectations (root path) -------------------------------------------------
EXPECT: dict = {}


def expect(*names):
    def register(check):
        for name in names:
            EXPECT[name] = check
        return check

    return register


@dataclasses.dataclass
class Context:
    graded: Graded
    text: str
    received: list  # what the test's listener got
    name: str  # the attack
    token: str = ""  # the submission's
    namespaces: bool = True  # False: graded as if the kernel refused them (the fallback)

    def of(self, function: str) -> str:
        return "\n".join(outputs_of(self.graded.outcome, function))


@expect("import_loop")
def _(ctx):
    mine = [t for t in ctx.graded.outcome["tests"] if t.get("tags", [""])[0].startswith(PART)]
    assert mine and all("importing your file did not finish" in t["output"] for t in mine)


@expect("import_sys_exit", "import_system_exit")
def _(ctx):
    assert "SystemExit" in ctx.of(FUNCTIONS[0])


@expect("import_os_exit", "call_os_exit", "segfault")
def _(ctx):
    function = {"import_os_exit": FUNCTIONS[0]}.get(ctx.name, attack(ctx.name).target)
    assert "process running your code died" in ctx.of(function)


@expect("import_keyboard_interrupt", "call_keyboard_interrupt")
def _(ctx):
    function = {"import_keyboard_interrupt": FUNCTIONS[0]}.get(ctx.name, attack(ctx.name).target)
    assert "KeyboardInterrupt" in ctx.of(function)


@expect("call_sys_exit", "call_system_exit")
def _(ctx):
    assert "SystemExit" in ctx.of(attack(ctx.name).target)


@expect("call_loop", "ignore_sigterm")
def _(ctx):
    text = ctx.of(attack(ctx.name).target)
    assert text.count("did not finish within") == 1, "one timeout, then the rest is skipped"
    assert "already timed out" in text


@expect("memory")
def _(ctx):
    memory = report(ctx.text, "MEMORY")
    assert memory and "30GB=denied" in memory and "3GiB=denied" in memory, memory
    assert any(item.startswith("creep=denied") for item in memory), memory


@expect("print_100mb")
def _(ctx):
    assert len(ctx.graded.raw) < 2_000_000
    assert "spam spam" in ctx.of("q_iteration")  # the tail of what it printed, and no more


@expect("fork_bomb")
def _(ctx):
    bomb = report(ctx.text, "FORKBOMB")
    assert bomb and bomb["forked"] < sandbox.Limits(1, 1).max_processes, bomb
    assert bomb["stopped_by"] == "BlockingIOError", bomb


@expect("kill_worker")
def _(ctx):
    assert "stopped early" in ctx.of("greedy_policy")


@expect("rmtree")
def _(ctx):
    assert report(ctx.text, "RMTREE") == {"removed": []}


@expect("tamper_results")
def _(ctx):
    tamper = report(ctx.text, "TAMPER")
    assert tamper is not None and tamper["wrote"] == [], tamper


@expect("steal")
def _(ctx):
    stolen = report(ctx.text, "STEAL")
    assert stolen is not None and stolen["leaked"] == [] and stolen["samples"] == {}, stolen
    assert stolen["devrepo"] == [], stolen  # the repository whose venv runs the sandbox
    print(f"    steal: denied {stolen['denied']}")


def sysv_objects_of(uid: int) -> list:
    """The System V shared memory segments, message queues and semaphore sets that uid owns
    or created, in this (the grader's) IPC namespace."""
    found = []
    for kind in ("shm", "msg", "sem"):
        lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        header = lines[0].split()
        for line in lines[1:]:
            row = dict(zip(header, line.split(), strict=False))
            if uid in (int(row["uid"]), int(row["cuid"])):
                found.append(f"{kind}: {line.strip()}")
    return found


def leftovers(uid: int, token: str) -> list:
    """What uid (or a file named with token) left in the world-writable folders, and its IPC
    objects."""
    found = sysv_objects_of(uid)
    for folder in sandbox.world_writable_folders():
        with os.scandir(folder) as entries:
            for entry in entries:
                with contextlib.suppress(FileNotFoundError):
                    if entry.stat(follow_symlinks=False).st_uid == uid or token in entry.name:
                        found.append(entry.path)
    return found


def ran_once(outcome: dict) -> list:
    """The worker of every case of bellman_backup_v and bellman_backup_q (deep_folders reports
    it): one worker means the part ran once, not once per test."""
    workers = []
    for function in ("bellman_backup_v", "bellman_backup_q"):
        for output in outputs_of(outcome, function):
            found = report(output, "WORKER") or report(output, "DEEP")
            workers.append(found and found["worker"])
    return workers


def check_deep_folders(text: str, outcome: dict) -> None:
    deep = report(text, "DEEP")
    assert deep is not None and deep["made"] == {"home": 5000, "shm": 5000}, deep
    workers = ran_once(outcome)
    assert len(workers) > 10 and None not in workers, workers
    assert len(set(workers)) == 1, f"the part ran {len(set(workers))} times"
    assert not os.path.lexists(deep["home"]), "the sandbox's work folder is still there"


def check_traces(text: str, token: str) -> int:
    """ipc_and_locks made its objects and files; none is left. Returns the slot's uid."""
    traces = report(text, "TRACES")
    assert traces is not None, text[:2000]
    made = traces["made"]
    assert min(made["shm"], made["msg"], made["sem"], made["shm_keyed"]) >= 0, traces
    assert made["mq"] in (-1, "no mq_open"), traces  # RLIMIT_MSGQUEUE 0: no POSIX queue
    assert "/run/lock" in traces["files"] and "/dev/shm" in traces["files"], traces
    assert leftovers(traces["uid"], token) == []
    return traces["uid"]


@expect("deep_folders")
def _(ctx):
    check_deep_folders(ctx.text, ctx.graded.outcome)


@expect("ipc_and_locks")
def _(ctx):
    check_traces(ctx.text, ctx.token)


@expect("socket_exfil")
def _(ctx):
    outcome = report(ctx.text, "SOCKET")
    if ctx.namespaces and kernel_gives_network_namespaces():
        assert outcome.startswith("blocked"), outcome
        assert ctx.received == []
    for data in ctx.received:  # reachable (no namespaces): what it sent must hold nothing secret
        stolen = json.loads(data.decode().split(" ", 2)[2])
        assert stolen["leaked"] == [] and stolen["devrepo"] == [], stolen


@expect("eq_object", "list_return")
def _(ctx):
    assert "return a numpy array" in ctx.of(attack(ctx.name).target)


@expect("nan", "inf")
def _(ctx):
    assert "NaN or infinity" in ctx.of(attack(ctx.name).target)


@expect("mutate_input")
def _(ctx):
    assert "modified its input" in ctx.of("bellman_backup_v")


@expect("torch_grad")
def _(ctx):
    assert "torch tensor" in ctx.of("greedy_policy")


@expect("npz_bomb")
def _(ctx):
    # Refused when read back; on a loaded machine, writing the 1 GiB bomb may take longer than the
    # case's clock first. Either way the case is lost and nothing else (the score bound holds).
    text = ctx.of("bellman_backup_v")
    assert "missing or unreadable" in text or "did not finish within" in text, text


@expect("json_bomb")
def _(ctx):
    assert "status of this case was unreadable" in ctx.of("value_iteration")


@expect("forge_future")
def _(ctx):
    assert report(ctx.text, "FORGE")["forged"] > 0
    # graded on their own arrays, not the forged ones (the worker removes them before each job)
    assert passed(ctx.graded.outcome, "q_iteration")
    assert passed(ctx.graded.outcome, "greedy_policy")


@expect("forge_then_kill")
def _(ctx):
    tried = report(ctx.text, "FORGE_KILL")
    assert tried == {"report": "PermissionError", "ptrace": "denied", "mem": "PermissionError"}
    assert not passed(ctx.graded.outcome, "greedy_policy")


@expect("fifo_symlinks")
def _(ctx):
    assert "root:" not in ctx.text  # /etc/shadow, had a hard link been read


# -- the corpus ---------------------------------------------------------------------------------
# bundle -> (attacks, whether the score must be exactly the honest bound: no attack can touch
# another function's jobs)
BUNDLES = {
    "exits": (
        ["call_sys_exit", "call_os_exit", "call_system_exit", "call_keyboard_interrupt"],
        True,
    ),
    "crashes-and-resources": (["segfault", "memory", "print_100mb", "fork_bomb"], True),
    "time": (["call_loop", "ignore_sigterm", "kill_worker"], True),
    # Alone: it turns every other job's outputs into fifos and links (its own evidence only).
    "fifos-and-links": (["fifo_symlinks"], False),
    "escape": (["rmtree", "tamper_results", "background_rewriter", "steal"], True),
    "return-values": (["eq_object", "nan", "inf", "ndarray_subclass", "socket_exfil"], True),
    "inputs-and-types": (["mutate_input", "list_return", "mutate_mdp", "torch_grad"], True),
    "forged-outputs": (["npz_bomb", "json_bomb", "forge_future"], True),
    "patches": (["patch_numpy", "patch_builtins", "wrong_answers", "patch_torch"], True),
    "forge-then-kill": (["forge_then_kill"], True),
    # In a slot of its own (TRACE_SLOT), which then grades an honest submission.
    "traces": (["deep_folders", "ipc_and_locks"], True),
    # As in a Docker container without CAP_SYS_ADMIN: no namespaces, the permission fallback.
    "no-namespaces": (["deep_folders", "ipc_and_locks", "steal", "socket_exfil"], True),
    **{
        name: ([name], True)
        for name in (
            "import_loop",
            "import_sys_exit",
            "import_os_exit",
            "import_system_exit",
            "import_keyboard_interrupt",
        )
    },
}
LINGERING = {"fork_bomb", "background_rewriter"}  # attacks that try to outlive the grader
# Fixed sandbox slots (RLHW_SANDBOX_SLOT), so that the next grading runs as the same user; the
# last ones, which gradings on this machine reach last.
TRACE_SLOT = sandbox.SLOTS - 1
MAKE_GRADE_SLOT = sandbox.SLOTS - 2
FALLBACK_SLOT = sandbox.SLOTS - 3
BUNDLE_ENV = {
    "traces": {sandbox.SLOT_ENV: str(TRACE_SLOT)},
    "no-namespaces": {sandbox.SLOT_ENV: str(FALLBACK_SLOT), sandbox.FORCE_NO_NAMESPACES: "1"},
}


def test_the_corpus_is_large_and_every_file_is_used():
    used = {name for names, _ in BUNDLES.values() for name in names}
    used |= {
        "contract_bypass",
        "snoop_concurrent",
        "kill_everyone",
        "linger_and_loop",
        "steal_peer",
    }
    files = {path.stem for path in ATTACKS.glob("*.py") if not path.name.startswith("_")}
    assert used == files
    assert len(used) >= 25
    for name in used:
        attack(name)  # parses: a target, known functions


@dataclasses.dataclass
class BundleRun:
    graded: Graded
    broken: set
    token: str
    marks: list  # what processes of the submission left after the grader ended
    source_unchanged: bool
    results_unchanged: bool


def _run_bundle(grader: Grader, bundle: str, folder: Path, port: int) -> BundleRun:
    names, _ = BUNDLES[bundle]
    token = secrets.token_hex(6)
    folder, broken = submission(folder, names, token=token, port=port)
    graded = grader(folder, env_extra=BUNDLE_ENV.get(bundle))
    # After the grader: nothing it trusts changed, nothing the attack started is alive.
    if LINGERING & set(names):
        time.sleep(1.5)  # a survivor polls every 0.1 s for the grader's end, then marks
    marks = sorted(Path("/tmp").glob(f"rlhw-attack-{token}-*"))
    for mark in marks:
        mark.unlink()
    return BundleRun(
        graded,
        broken,
        token,
        [mark.name for mark in marks],
        _digest(graded.root / "source") == graded.source_digest,
        (graded.root / "results" / "results.json").read_text() == graded.raw,
    )


@pytest.fixture(scope="module")
def campaign(staged, tmp_path_factory, request):
    """Every bundle this session's tests need (all, unless -k chose some), graded three at a
    time (as on a shared grading machine: each grading has a sandbox user of its own), the
    slowest first. {bundle: Future[BundleRun]}, received."""
    if not sandbox.is_root():
        pytest.skip("the user switch needs root (CI)")
    grader = Grader(staged)
    needed = {
        item.callspec.params["bundle"]
        for item in request.session.items
        if item.originalname == "test_attack_bundle"
    }
    needed |= {
        "traces"
        for item in request.session.items
        if item.originalname == "test_the_slot_of_the_traces_bundle_grades_honestly"
    }
    slow_first = sorted(set(BUNDLES) & needed, key=lambda b: b not in ("import_loop", "time"))
    with listening() as (port, received), ThreadPoolExecutor(3) as pool:
        futures = {
            bundle: pool.submit(
                _run_bundle, grader, bundle, tmp_path_factory.mktemp(bundle) / "submission", port
            )
            for bundle in slow_first
        }
        yield futures, received
    grader.close()


@needs_root
@pytest.mark.parametrize("bundle", list(BUNDLES))
def test_attack_bundle(bundle, campaign, staged):
    futures, received = campaign
    run = futures[bundle].result()
    names, exact = BUNDLES[bundle]
    graded, outcome, bound = run.graded, run.graded.outcome, honest_bound(run.broken)
    TIMINGS.append((", ".join(names), outcome["score"], bound, graded.wall))
    print(f"\n{bundle}: score {outcome['score']:g} / honest bound {bound:g}, {graded.wall:.1f} s")
    assert outcome["score"] <= bound + 1e-9, f"scored {outcome['score']} > honest {bound}"
    if exact:
        assert outcome["score"] == pytest.approx(bound), (
            "an attack on one function cost another function points"
        )
    assert not leaks(outcome, staged / "expected")
    assert graded.wall < PART_BUDGET + OVERHEAD_SECONDS, f"{graded.wall:.0f} s"
    assert run.marks == [], "a process of the submission outlived the grader"
    assert run.results_unchanged and run.source_unchanged
    mine = [data for data in received if run.token.encode() in data[:40]]
    for name in names:
        if name in EXPECT:
            EXPECT[name](
                Context(
                    graded,
                    visible_text(outcome),
                    mine,
                    name,
                    run.token,
                    sandbox.FORCE_NO_NAMESPACES not in BUNDLE_ENV.get(bundle, {}),
                )
            )


def honest_submission(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "dp.py").write_text((ATTACKS / "_base.py").read_text())
    return folder


@needs_root
def test_the_slot_of_the_traces_bundle_grades_honestly(campaign, grade_attack, tmp_path):
    """After 5000 nested folders (work folder, /dev/shm), files in /run/lock and System V
    objects, the same sandbox user grades an honest submission in full: nothing was left."""
    futures, _ = campaign
    run = futures["traces"].result()
    uid = check_traces(visible_text(run.graded.outcome), run.token)
    assert uid == pwd.getpwnam(sandbox.slot_user(TRACE_SLOT)).pw_uid
    graded = grade_attack(
        honest_submission(tmp_path / "honest"), env_extra={sandbox.SLOT_ENV: str(TRACE_SLOT)}
    )
    assert graded.outcome["score"] == pytest.approx(PART_TOTAL)
    assert leftovers(uid, run.token) == []


# -- the other root paths: `make grade` and `make regrade` as root ----------------------------
# There the sandbox's interpreter is the repository's .venv, so the repository (solutions/,
# tests/hidden, build/expected, .git ...) and every student's folder are secrets next to it.
MODES = {"namespaces": {}, "permissions": {sandbox.FORCE_NO_NAMESPACES: "1"}}


@pytest.fixture
def root_mode(request, monkeypatch):
    """The mode (params: namespaces, or the permission fallback) for grade_local's gradings."""
    mode = request.param
    if mode == "namespaces" and not sandbox.namespaces_available():
        pytest.skip("the kernel refuses root a mount namespace here")
    for name in (sandbox.FORCE_NO_USER_SWITCH, sandbox.FORCE_NO_NAMESPACES, sandbox.SLOT_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in MODES[mode].items():
        monkeypatch.setenv(name, value)
    return mode


def repository_modes() -> dict:
    return {path: os.lstat(path).st_mode for path in [REPO, *REPO.iterdir()]}


@needs_root
@pytest.mark.parametrize("root_mode", list(MODES), indirect=True)
def test_make_grade_as_root_hides_the_repository_and_leaves_nothing(
    root_mode, staged, tmp_path, monkeypatch
):
    """`make grade` (grade_local) as root, with namespaces and with the permission fallback:
    the steal attack reads nothing of the repository or the staged grader; 5000 nested folders
    and System V objects cost their functions only, the part runs once, nothing is left, and
    the same sandbox user then grades an honest submission in full. The fallback restores the
    repository's modes."""
    from autograder.grade import local as grade_local

    monkeypatch.setenv(sandbox.SLOT_ENV, str(MAKE_GRADE_SLOT))
    before = repository_modes()
    token = secrets.token_hex(6)
    folder, broken = submission(
        tmp_path / "submission", ["steal", "deep_folders", "ipc_and_locks"], token=token
    )
    started = time.monotonic()
    outcome = results.validate(grade_local.grade(folder, log=lambda *_: None))
    TIMINGS.append(
        (
            f"[make grade, {root_mode}] steal, deep_folders, ipc_and_locks",
            outcome["score"],
            honest_bound(broken),
            time.monotonic() - started,
        )
    )
    assert outcome["score"] == pytest.approx(honest_bound(broken))
    assert not leaks(outcome, staged / "expected")
    text = visible_text(outcome)
    stolen = report(text, "STEAL")
    assert stolen is not None and stolen["leaked"] == [] and stolen["devrepo"] == [], stolen
    check_deep_folders(text, outcome)
    uid = check_traces(text, token)
    assert uid == pwd.getpwnam(sandbox.slot_user(MAKE_GRADE_SLOT)).pw_uid
    honest = grade_local.grade(honest_submission(tmp_path / "honest"), log=lambda *_: None)
    assert honest["score"] == pytest.approx(PART_TOTAL)
    assert leftovers(uid, token) == []
    if not (sandbox.LOCK_DIR / "lockdown.json").exists():  # no other fallback run holds it
        assert repository_modes() == before


@needs_root
@pytest.mark.parametrize("root_mode", list(MODES), indirect=True)
def test_regrade_no_student_reads_another_students_folder(root_mode, tmp_path):
    """`make regrade` of two students, graded concurrently: one tries to read the other's
    submission (its folder in the export, then every grading folder it can name) and the
    repository. Nothing; the victim scores in full."""
    from autograder.grade import regrade

    export = tmp_path / "export"
    secret = f"VICTIM-SECRET-{secrets.token_hex(8)}"
    victim = honest_submission(export / "alice")
    (victim / "dp.py").write_text((victim / "dp.py").read_text() + f"\n# {secret}\n")
    _, broken = submission(
        export / "mallory",
        ["steal_peer", "steal"],
        token=secrets.token_hex(6),
        fill={"__PEER__": str(victim)},
    )
    started = time.monotonic()
    rows, _ = regrade.regrade(export, workers=2, log=lambda *_: None)
    graded = {student: results.validate(outcome) for student, outcome in rows}
    TIMINGS.append(
        (
            f"[make regrade, {root_mode}] steal_peer, steal (+ an honest student)",
            graded["mallory"]["score"],
            honest_bound(broken),
            time.monotonic() - started,
        )
    )
    assert graded["alice"]["score"] == pytest.approx(PART_TOTAL)
    assert graded["mallory"]["score"] == pytest.approx(honest_bound(broken))
    text = visible_text(graded["mallory"])
    assert secret not in text
    peer = report(text, "PEER")
    assert peer is not None and peer["found"] == [], peer
    assert not any("alice" in names for _, names in peer["listed"]), peer
    stolen = report(text, "STEAL")
    assert stolen is not None and stolen["leaked"] == [] and stolen["devrepo"] == [], stolen


@needs_root
def test_patching_the_sandbox_side_input_check_does_not_hide_a_mutation(
    grade_attack, staged, tmp_path
):
    """The probe's own check can be patched away; the grader compares the input itself."""
    folder, broken = submission(tmp_path / "submission", ["contract_bypass"], token="x")
    graded = grade_attack(folder)
    assert graded.outcome["score"] <= honest_bound(broken) + 1e-9


# -- two gradings on one machine ----------------------------------------------------------------
VICTIM_SLOWDOWN = """

import time as _victim_time

_victim_greedy = greedy_policy


def greedy_policy(Q):  # a slow but correct student: 2 s per case keeps this grading running
    _victim_time.sleep(2)
    return _victim_greedy(Q)
"""


@needs_root
def test_a_concurrent_grading_can_neither_be_read_nor_touched(grade_attack, staged, tmp_path):
    """While a victim is being graded, an attacker on the same machine reads every /tmp/rlhw-*
    file for the victim's secret, overwrites and deletes the victim's outputs, and sends
    kill(-1) as its own sandbox user. Each grading has a sandbox user of its own: nothing."""
    victim = tmp_path / "victim"
    victim.mkdir()
    secret = f"VICTIM-SECRET-{secrets.token_hex(8)}"
    (victim / "dp.py").write_text(
        (ATTACKS / "_base.py").read_text() + f"\n# {secret}\n" + VICTIM_SLOWDOWN
    )
    folder, broken = submission(
        tmp_path / "attacker", ["snoop_concurrent", "kill_everyone"], token=secrets.token_hex(6)
    )
    done = {}
    thread = threading.Thread(target=lambda: done.update(victim=grade_attack(victim)))
    thread.start()
    time.sleep(1.0)
    attacker = grade_attack(folder)
    thread.join(PART_BUDGET + OVERHEAD_SECONDS)
    assert done["victim"].outcome["score"] == pytest.approx(PART_TOTAL)
    assert secret not in visible_text(attacker.outcome)
    snoop = report(visible_text(attacker.outcome), "SNOOP")
    assert snoop == {"found": [], "touched": []}, snoop
    assert attacker.outcome["score"] <= honest_bound(broken)
    assert "killed everything we could" in "\n".join(
        outputs_of(attacker.outcome, "value_iteration")
    )


@needs_root
def test_sigterm_mid_grading_writes_results_and_leaves_nothing_behind(staged, tmp_path):
    """Gradescope's (or run_autograder's) timeout sends SIGTERM while student code runs: the
    grader writes valid partial results and kills the sandbox first, so no process of the
    submission outlives it."""
    token = secrets.token_hex(6)
    folder, _ = submission(tmp_path / "submission", ["linger_and_loop"], token=token)
    root = Path(tempfile.mkdtemp(prefix="rlhw-autograder-"))
    try:
        shutil.copytree(staged, root / "source")
        shutil.copytree(folder, root / "submission")
        env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        env.pop(sandbox.FORCE_NO_USER_SWITCH, None)
        grader = subprocess.Popen(
            [sys.executable, "-m", "autograder.grade.main", "--root", str(root)],
            cwd=root / "source",
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(scheme.check("dp.backup_v").cpu_seconds)  # bellman_backup_v spins that long
        grader.send_signal(signal.SIGTERM)
        assert grader.wait(30) == 0
        outcome = results.validate(json.loads((root / "results" / "results.json").read_text()))
        assert outcome["score"] == 0
        assert "time limit" in outcome["output"]
        time.sleep(1.5)
        marks = list(Path("/tmp").glob(f"rlhw-attack-{token}-*"))
        for mark in marks:
            mark.unlink()
        assert marks == [], "a process of the submission outlived the grader"
    finally:
        shutil.rmtree(root, ignore_errors=True)


# -- the path without the user switch (a student's laptop) --------------------------------------
NO_SWITCH_BUNDLES = {
    "exits": ["call_sys_exit", "call_os_exit", "call_system_exit", "call_keyboard_interrupt"],
    "loop-steal-kill": ["call_loop", "steal", "kill_worker"],
}


@pytest.mark.parametrize("bundle", list(NO_SWITCH_BUNDLES))
def test_without_the_user_switch_the_score_is_still_honest(bundle, grade_attack, tmp_path):
    """RLHW_NO_USER_SWITCH=1: the same path without the unprivileged user. It is no security
    boundary (a student's own laptop): the steal attack *does* read the hidden tests there,
    which this asserts, so that the attack is known to work. Only validity and the score are
    promised."""
    names = NO_SWITCH_BUNDLES[bundle]
    folder, broken = submission(tmp_path / "submission", names, token=secrets.token_hex(6))
    graded = grade_attack(folder, switch_user=False)
    assert graded.outcome["score"] <= honest_bound(broken) + 1e-9
    assert graded.wall < PART_BUDGET + OVERHEAD_SECONDS
    TIMINGS.append(
        (
            f"[no user switch] {', '.join(names)}",
            graded.outcome["score"],
            honest_bound(broken),
            graded.wall,
        )
    )
    if "steal" in names:
        stolen = report(visible_text(graded.outcome), "STEAL")
        assert stolen["secret"], stolen  # expected data, hidden tests: readable there


# -- the trusted reader, directly (cheap) ---------------------------------------------------------
def _npz_bomb(unpacked_bytes: int) -> bytes:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (unpacked_bytes // 8,)}
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("V.npy", "w", force_zip64=True) as member:
            member.write(header.getvalue())
            zeros = bytes(2**20)
            for _ in range(unpacked_bytes // 2**20):
                member.write(zeros)
    return buffer.getvalue()


def test_an_npz_bomb_is_refused_before_it_is_unpacked():
    bomb = _npz_bomb(256 * 2**20)
    assert len(bomb) < 2**20
    tracemalloc.start()
    try:
        assert runner.load_arrays(bomb) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MiB allocated for a refused file"
    plain = io.BytesIO()
    np.savez(plain, V=np.arange(3.0))
    assert runner.load_arrays(plain.getvalue())["V"].tolist() == [0.0, 1.0, 2.0]


def test_fifos_links_and_foreign_files_in_the_output_folder_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden")
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "a.json")  # opening it for reading would block forever
    os.symlink(secret, out / "b.json")
    os.symlink(secret, out / "b.log")
    (out / "c.json").write_text("[" * 30000 + "]" * 30000)  # valid JSON, 30000 deep
    (out / "d.json").write_text('{"ok": true}')
    os.symlink("/dev/zero", out / "d.npz")
    started = time.monotonic()
    kinds = {key: runner.read_outcome(out, key).kind for key in "abcd"}
    assert time.monotonic() - started < 5
    assert kinds == {"a": "not_run", "b": "not_run", "c": "crash", "d": "crash"}
    assert runner.read_outcome(out, "b").printed == ""
    if sandbox.is_root():  # a file the sandbox user did not write (e.g. a hard link) is refused
        (out / "e.json").write_text('{"ok": false, "error": "x"}')
        assert runner.read_outcome(out, "e", owner=os.getuid()).kind == "error"
        assert runner.read_outcome(out, "e", owner=12345).kind == "not_run"
    assert stat.S_ISFIFO(os.lstat(out / "a.json").st_mode)


def test_remove_tree_takes_any_depth_and_never_follows_a_link(tmp_path):
    """What the cleanup of an untrusted tree meets: thousands of nested folders (deeper than
    recursion allows, longer than PATH_MAX), links to folders outside, odd names."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep").write_text("x")
    fast = Path("/dev/shm") if os.access("/dev/shm", os.W_OK) else tmp_path
    top = Path(tempfile.mkdtemp(prefix="rlhw-test-deep-", dir=fast))
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for depth in range(3000):
        os.mkdir("d", dir_fd=fd)
        if depth % 500 == 0:
            os.symlink(outside, "link", dir_fd=fd)
            os.close(os.open("odd \udcff name", os.O_CREAT | os.O_WRONLY, dir_fd=fd))
            os.mkfifo("fifo", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = inner
    os.close(fd)
    assert sandbox.remove_tree(top) is True
    assert not top.exists()
    assert (outside / "keep").read_text() == "x"
    assert sandbox.remove_tree(top) is True  # gone already: no error
    link = tmp_path / "link"
    link.symlink_to(outside)
    assert sandbox.remove_tree(link) is True and (outside / "keep").exists()


def test_the_permission_fallback_closes_all_but_the_way_to_the_venv_and_restores(tmp_path):
    """restrict() on a repository-like tree: the repository traversable but not listable, the
    venv as it was, every other entry closed to "other"; a second, unrelated hidden folder
    closed; restore() puts every mode back."""
    repo, export = tmp_path / "repo", tmp_path / "export"
    for folder in (
        repo / ".venv" / "bin",
        repo / "solutions",
        repo / "tests" / "hidden",
        export / "alice",
    ):
        folder.mkdir(parents=True)
    (repo / "README.md").write_text("x")
    (repo / "link").symlink_to(repo / "solutions")
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    before = {path: path.lstat().st_mode for path in tmp_path.rglob("*")}
    plan = [(str(repo), (str(repo / ".venv"),)), (str(export), ())]
    modes = sandbox.restrict(plan, {})
    assert stat.S_IMODE(repo.stat().st_mode) == 0o751
    assert stat.S_IMODE((repo / ".venv").stat().st_mode) == 0o755
    for closed in ("solutions", "tests", "README.md"):
        assert (repo / closed).stat().st_mode & 0o007 == 0, closed
    assert stat.S_IMODE(export.stat().st_mode) == 0o750
    assert (export / "alice").stat().st_mode & 0o007 == 0o005  # closed above it
    assert set(modes) == {
        str(repo),
        str(export),
        *(str(repo / name) for name in ("solutions", "tests", "README.md")),
    }
    sandbox.restore(modes)
    assert {path: path.lstat().st_mode for path in tmp_path.rglob("*")} == before


@needs_root
def test_remove_user_ipc_removes_shared_memory_queues_and_semaphores():
    uid, gid = sandbox.sandbox_ids(sandbox.SLOTS - 4)
    child = os.fork()
    if child == 0:
        code = 1
        try:
            os.setgroups([])
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)
            libc = ctypes.CDLL(None)
            made = [
                libc.shmget(0, 4096, 0o1000 | 0o600),
                libc.msgget(0, 0o1000 | 0o600),
                libc.semget(0, 2, 0o1000 | 0o600),
            ]
            code = 0 if min(made) >= 0 else 1
        finally:
            os._exit(code)
    assert os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0
    assert len(sysv_objects_of(uid)) == 3
    assert sandbox.remove_user_ipc(uid) == 3
    assert sysv_objects_of(uid) == []


def test_zz_print_the_outcome_table():
    """Not a check: the table of this run (pytest -s shows it)."""
    for names, score, bound, wall in TIMINGS:
        print(f"  {names:<75} {score:>5g} <= {bound:<5g} {wall:6.1f} s")
