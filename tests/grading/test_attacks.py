"""The attack corpus: submissions that try to escape, read what they must not, or score more than
they earn, each graded end to end exactly as Gradescope would (run_autograder on a folder laid out
like /autograder, as root: the user switch).

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
user of its own), which also keeps this file near two minutes.

Where the guarantees stop (asserted or documented here, so that nobody relies on more):
- Network: the sandbox unshares the network when the kernel lets root (here it does: the socket
  attack is blocked); Gradescope's Docker may not. Then a submission can connect out, but it can
  send only what it can read: its own code, the case specs and the probes, nothing secret.
- Without the user switch (RLHW_NO_USER_SWITCH=1, a student's laptop) the steal attack reads the
  hidden tests and expected data: asserted, to prove the attack works. Only validity and the
  honest score are promised there; escaped processes are not hunted.
- On a development or CI machine the interpreter lives in the repository, which is world-
  readable, so the sandbox user can read solutions/ and tests/hidden there (the steal attack
  reports it). Gradescope's zip holds no solution code and /autograder is locked (0700).
- Contract checks that run inside the sandbox (the probes' "input unchanged") can be patched
  away by the submission; the trusted grader repeats the input check on the returned copy, so a
  mutation still costs the case (the last test below).
- RLIMIT_DATA gives a clean MemoryError for numpy and Python allocations; shared mappings
  (mmap(-1, n)) and tmpfs files are not counted: the backstop is oom_score_adj=1000 plus the
  container's memory limit.
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

from autograder import package, results, runner, sandbox, scheme
from autograder.expected import ExpectedData

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
PART_BUDGET = min(sum(check.timeout * len(check.cases) for check in CHECKS)
                  + runner.STARTUP_SECONDS, scheme.PARTS[PART].budget_seconds)


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


def submission(folder: Path, names: list, *, token: str, port: int = 0) -> tuple[Path, set]:
    """A submission folder holding the bundle's dp.py; returns it and the functions it breaks."""
    attacks = [attack(name) for name in names]
    targets = [a.target for a in attacks if a.target not in ("import", "module")]
    targets += [f for a in attacks if a.target == "module" for f in a.breaks]
    assert len(targets) == len(set(targets)), f"two attacks on one function in {names}"
    source = "\n\n".join([(ATTACKS / "_prelude.py").read_text(), (ATTACKS / "_base.py").read_text(),
                          *(a.code for a in attacks)])
    source = source.replace("__TOKEN__", token).replace("__PORT__", str(port))
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
        lines.update(line.strip() for line in text.splitlines()
                     if len(line.strip()) >= 20 and line.strip() not in shown)
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
    return json.JSONDecoder().raw_decode(text[at + len(tag) + 1:])[0]


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
    return package.stage_autograder(tmp_path_factory.mktemp("staged") / "source",
                                    log=lambda *_: None)


class Grader:
    """grade(folder, switch_user=True) -> Graded, through run_autograder; close() removes the
    roots. Safe to use from several threads: each grading gets its own sandbox user."""

    def __init__(self, staged: Path):
        self.staged = staged
        self.roots: list = []

    def __call__(self, folder: Path, *, switch_user: bool = True) -> Graded:
        # Named like grade_local's roots: /tmp/rlhw-autograder-*, where an attacker looks.
        root = Path(tempfile.mkdtemp(prefix="rlhw-autograder-"))
        self.roots.append(root)
        shutil.copytree(self.staged, root / "source")
        shutil.copytree(folder, root / "submission")
        digest = _digest(root / "source")
        env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
        env.pop(sandbox.FORCE_NO_USER_SWITCH, None)
        if not switch_user:
            env[sandbox.FORCE_NO_USER_SWITCH] = "1"
        started = time.monotonic()
        subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       timeout=PART_BUDGET + 10 * OVERHEAD_SECONDS)
        wall = time.monotonic() - started
        raw = (root / "results" / "results.json").read_text()
        return Graded(results.validate(json.loads(raw)), wall, root, raw, digest)

    def close(self):
        for root in self.roots:
            shutil.rmtree(root, ignore_errors=True)


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
    print(f"    steal: denied {stolen['denied']}; readable in the dev repository: "
          f"{stolen['devrepo']}")


@expect("socket_exfil")
def _(ctx):
    outcome = report(ctx.text, "SOCKET")
    if kernel_gives_network_namespaces():
        assert outcome.startswith("blocked"), outcome
        assert ctx.received == []
    for data in ctx.received:  # reachable (no namespaces): what it sent must hold nothing secret
        stolen = json.loads(data.decode().split(" ", 2)[2])
        assert stolen["leaked"] == [], stolen


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
    assert "missing or unreadable" in ctx.of("bellman_backup_v")


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
    "exits": (["call_sys_exit", "call_os_exit", "call_system_exit", "call_keyboard_interrupt"],
              True),
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
    **{name: ([name], True) for name in ("import_loop", "import_sys_exit", "import_os_exit",
                                          "import_system_exit", "import_keyboard_interrupt")},
}
LINGERING = {"fork_bomb", "background_rewriter"}  # attacks that try to outlive the grader


def test_the_corpus_is_large_and_every_file_is_used():
    used = {name for names, _ in BUNDLES.values() for name in names}
    used |= {"contract_bypass", "snoop_concurrent", "kill_everyone", "linger_and_loop"}
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
    graded = grader(folder)
    # After the grader: nothing it trusts changed, nothing the attack started is alive.
    if LINGERING & set(names):
        time.sleep(1.5)  # a survivor polls every 0.1 s for the grader's end, then marks
    marks = sorted(Path("/tmp").glob(f"rlhw-attack-{token}-*"))
    for mark in marks:
        mark.unlink()
    return BundleRun(graded, broken, token, [mark.name for mark in marks],
                     _digest(graded.root / "source") == graded.source_digest,
                     (graded.root / "results" / "results.json").read_text() == graded.raw)


@pytest.fixture(scope="module")
def campaign(staged, tmp_path_factory):
    """Every bundle graded, three at a time (as on a shared grading machine: each grading has
    a sandbox user of its own), the slowest first. {bundle: Future[BundleRun]}, received."""
    if not sandbox.is_root():
        pytest.skip("the user switch needs root (CI)")
    grader = Grader(staged)
    slow_first = sorted(BUNDLES, key=lambda b: b not in ("import_loop", "time"))
    with listening() as (port, received), ThreadPoolExecutor(3) as pool:
        futures = {bundle: pool.submit(_run_bundle, grader, bundle,
                                       tmp_path_factory.mktemp(bundle) / "submission", port)
                   for bundle in slow_first}
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
        assert outcome["score"] == pytest.approx(bound), \
            "an attack on one function cost another function points"
    assert not leaks(outcome, staged / "expected")
    assert graded.wall < PART_BUDGET + OVERHEAD_SECONDS, f"{graded.wall:.0f} s"
    assert run.marks == [], "a process of the submission outlived the grader"
    assert run.results_unchanged and run.source_unchanged
    mine = [data for data in received if run.token.encode() in data[:40]]
    for name in names:
        if name in EXPECT:
            EXPECT[name](Context(graded, visible_text(outcome), mine, name))


@needs_root
def test_patching_the_sandbox_side_input_check_does_not_hide_a_mutation(grade_attack, staged,
                                                                         tmp_path):
    """The probe's own check can be patched away; the grader compares the input itself."""
    folder, broken = submission(tmp_path / "submission", ["contract_bypass"], token="x")
    graded = grade_attack(folder)
    assert graded.outcome["score"] <= honest_bound(broken) + 1e-9


# -- two gradings on one machine ----------------------------------------------------------------
VICTIM_SLOWDOWN = '''

import time as _victim_time

_victim_greedy = greedy_policy


def greedy_policy(Q):  # a slow but correct student: 2 s per case keeps this grading running
    _victim_time.sleep(2)
    return _victim_greedy(Q)
'''


@needs_root
def test_a_concurrent_grading_can_neither_be_read_nor_touched(grade_attack, staged, tmp_path):
    """While a victim is being graded, an attacker on the same machine reads every /tmp/rlhw-*
    file for the victim's secret, overwrites and deletes the victim's outputs, and sends
    kill(-1) as its own sandbox user. Each grading has a sandbox user of its own: nothing."""
    victim = tmp_path / "victim"
    victim.mkdir()
    secret = f"VICTIM-SECRET-{secrets.token_hex(8)}"
    (victim / "dp.py").write_text((ATTACKS / "_base.py").read_text() + f"\n# {secret}\n"
                                  + VICTIM_SLOWDOWN)
    folder, broken = submission(tmp_path / "attacker", ["snoop_concurrent", "kill_everyone"],
                                token=secrets.token_hex(6))
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
    assert "killed everything we could" in "\n".join(outputs_of(attacker.outcome,
                                                                "value_iteration"))


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
        grader = subprocess.Popen([sys.executable, "-m", "autograder.run", "--root", str(root)],
                                  cwd=root / "source", env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        time.sleep(6)  # the worker is up and bellman_backup_v spins (its timeout is 10 s)
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
    TIMINGS.append((f"[no user switch] {', '.join(names)}", graded.outcome["score"],
                    honest_bound(broken), graded.wall))
    if "steal" in names:
        stolen = report(visible_text(graded.outcome), "STEAL")
        assert stolen["secret"], stolen  # expected data, hidden tests: readable there


# -- the trusted reader, directly (cheap) ---------------------------------------------------------
def _npz_bomb(unpacked_bytes: int) -> bytes:
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (unpacked_bytes // 8,)})
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


def test_zz_print_the_outcome_table():
    """Not a check: the table of this run (pytest -s shows it)."""
    for names, score, bound, wall in TIMINGS:
        print(f"  {names:<75} {score:>5g} <= {bound:<5g} {wall:6.1f} s")
