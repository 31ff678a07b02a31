"""docs/adding-a-part.md stays true: a toy part added by following it, step by step, is graded.

A copy of the repository's source (no .git, .venv, build/, dist/, results/) gets part "toy"
(`toy.py`, `discounted_return(rewards, gamma)`, one check "toy.discounted_return" of two cases)
exactly as the checklist says: the reference, the stub, the scheme, the probe, the hidden test,
a known mistake, the public test, the READMEs. Then, in the copy, with the copy's own code:

- the cheap package tests that cover every part without grading (README table, hidden tests one
  line per check, the mistake bank's form and its named mistake, the handout's leak and contract
  tests, the autograder zip) pass with the new part in;
- the expected data is built for the toy part only (building every part takes minutes), stamped
  with the copy's fingerprint, so `expected.ensure` takes it as it is;
- `autograder.grade.local.grade`, the real run_autograder, grades the reference's toy.py (full
  marks, the other parts missing), the stub (zero, "not implemented yet") and the known mistake's
  variant (points lost, "Known mistake: <NAME>.").

Every file written here is named in the checklist (the first test), so the two change together.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHECKLIST = REPO / "docs" / "adding-a-part.md"
# Not the source: left out at the top level (autograder/build/ is source) and anywhere.
NOT_COPIED_AT_TOP = {".git", ".venv", "build", "dist", "results", "plots"}
NOT_COPIED = {"__pycache__", ".pytest_cache", ".ruff_cache"}

# ---- the toy part, one file per step of the checklist ----------------------------------------
REFERENCE = '''"""A toy part: the discounted return (reference solution)."""

from __future__ import annotations


def discounted_return(rewards, gamma):
    """G_0 = sum_t gamma^t r_t, computed backwards as G_t = r_t + gamma G_{t+1}."""
    future_discounted = 0.0
    for reward_now in reversed([float(r) for r in rewards]):
        future_discounted = reward_now + gamma * future_discounted
    return future_discounted
'''

STUB = '''"""Part 6: the discounted return (a toy part).

Run `make test` (or `python -m pytest tests/public`) to check your work; see README.md.
"""

from __future__ import annotations


def discounted_return(rewards, gamma):
    """The lecture's discounted return of one episode, from its first step:

        G_0 = sum_{t=0}^{T-1} gamma^t r_t          (equivalently G_t = r_t + gamma G_{t+1})

    Args:
        rewards: sequence of T floats, r_0 .. r_{T-1}. Do not modify it.
        gamma: float in [0, 1], the discount factor.

    Returns:
        float: G_0.

    Example: discounted_return([1, 2, 3], 0.5) == 1 + 0.5 * 2 + 0.25 * 3 == 2.75
    """
    # TODO
    raise NotImplementedError("discounted_return: not implemented yet")
'''

SCHEME = """
# ---------------------------------------------------------------------------------------------
# A toy part (tests/grading/test_adding_a_part.py adds it to a copy of the repository).
PARTS["toy"] = Part("toy", "toy.py", "A toy part: the discounted return",
                    max(part.number for part in PARTS.values()) + 1,
                    contract=("discounted_return",))

CHECKS += [
    Check("toy.discounted_return", "discounted_return: G_0 = sum_t gamma^t r_t", 2.0,
          {"gamma0.9": {"length": 5, "gamma": 0.9, "seed": 1},
           "gamma0.5": {"length": 8, "gamma": 0.5, "seed": 2}},
          rtol=1e-9, atol=1e-12, formula="G_0 = sum_t gamma^t r_t"),
]


"""

PROBE = '''"""Probes of the toy part (`toy.py`)."""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import ContractError, to_float


def discounted_return(toy, case):
    """discounted_return on seeded rewards: the raw G_0 only, judged by the grader."""
    rewards = np.random.default_rng(case["seed"]).normal(0.0, 1.0, size=case["length"])
    given = [float(r) for r in rewards]
    G = to_float(toy.discounted_return(given, case["gamma"]), "discounted_return")
    if given != [float(r) for r in rewards]:
        raise ContractError("discounted_return modified its input")
    return {"G": np.array(G)}
'''

HIDDEN = '''"""Part 6, a toy part: the discounted return.

Each test is one check of the grading scheme on one case; its weight, number, visibility and
verdict come from `autograder.scheme` and `autograder.grade.verdicts`."""

from autograder.grade.session import graded


@graded("toy.discounted_return")
def test_discounted_return(grader, case_id):
    grader.judge("toy.discounted_return", case_id)
'''

MISTAKE_NAME = "discount factor left out of the return"
MISTAKE = f'''"""The rewards are summed without discounting."""

PART = "toy"
NAME = "{MISTAKE_NAME}"
EXPLANATION = ("Your discounted_return is the plain sum of the rewards: reward r_t counts "
               "gamma^t r_t, G_0 = sum_t gamma^t r_t.")
CAUGHT_BY = ["toy.discounted_return"]


def discounted_return(rewards, gamma):
    return float(sum(rewards))
'''

PUBLIC = '''"""Part 6 (toy.py) on a three-step episode, computed by hand."""

import pytest
from conftest import call


def test_discounted_return_of_three_steps(toy):
    """G_0 = 1 + 0.5 * 2 + 0.25 * 3 = 2.75."""
    G = call(toy.discounted_return, [1.0, 2.0, 3.0], 0.5)
    assert G == pytest.approx(2.75), (
        f"discounted_return returned {G}; expected 2.75 (G_0 = sum_t gamma^t r_t)")
'''

PUBLIC_FIXTURE = """

@pytest.fixture
def toy():
    return load("toy")
"""

HANDOUT_SECTION = """
## Part 6: the discounted return (`toy.py`)

    G_0 = sum_t gamma^t r_t

Write `discounted_return(rewards, gamma) -> float`.
"""

# The probe's output, described (autograder/grade/outputs.py).
OUTPUT_ROW = """
OUTPUTS["toy.discounted_return"] = {"G": O("the G_0 that discounted_return returned")}
"""

# Path in the copy -> text: the new files of the checklist.
NEW_FILES = {
    "solutions/toy.py": REFERENCE,
    "starter/toy.py": STUB,
    "autograder/sandbox/probes/toy.py": PROBE,
    "tests/hidden/test_toy.py": HIDDEN,
    "autograder/build/mistakes/toy_forgets_gamma.py": MISTAKE,
    "tests/public/test_toy.py": PUBLIC,
}
# Existing files the checklist edits.
EDITED_FILES = [
    "autograder/scheme.py",
    "autograder/grade/outputs.py",
    "tests/public/conftest.py",
    "README.md",
    "starter/README.md",
]
# The package's own tests that cover the new part with no grading and no full build.
CHEAP_PACKAGE_TESTS = [
    "tests/grading/test_readme.py",
    "tests/grading/test_mistake_bank.py::test_every_check_has_one_hidden_test_that_judges_it",
    "tests/grading/test_mistake_bank.py::test_the_bank_is_well_formed",
    "tests/grading/test_mistake_bank.py::test_mistake_loses_points_and_is_named[toy_forgets_gamma]",
    "tests/grading/test_outputs.py::test_every_output_of_every_probe_has_a_description_and_its_axes"
    "[toy.discounted_return]",
    "tests/grading/test_handout.py::test_nothing_secret_inside",
    "tests/grading/test_handout.py::test_no_reference_code_inside",
    "tests/grading/test_handout.py::test_every_stub_is_unimplemented_and_matches_the_contract",
    "tests/grading/test_handout.py::test_make_submit_checks_the_scheme_s_contract",
    "tests/grading/test_handout.py::test_points_table_is_filled_in",
    # Its fourth test wants every part's expected data in the zip: the toy's is checked below.
    "tests/grading/test_autograder_zip.py::test_entry_points_are_at_the_root_and_executable",
    "tests/grading/test_autograder_zip.py::test_no_stray_files",
    "tests/grading/test_autograder_zip.py::test_no_solution_or_mistake_code_inside",
]

GRADE_ALL = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from autograder.grade import local, results

def one(folder):
    outcome = local.grade(Path(folder), log=lambda *_: None)
    results.validate(outcome)
    return outcome

with ThreadPoolExecutor(3) as pool:
    graded = list(pool.map(one, sys.argv[2:]))
Path(sys.argv[1]).write_text(json.dumps(graded))
"""


def run(copy: Path, *args, timeout=300, **env):
    """`python args` in the copy, with the copy's code (PYTHONPATH) and this interpreter."""
    clean = {k: v for k, v in os.environ.items() if k not in ("STUDENT_DIR", "PYTHONPATH")}
    done = subprocess.run(
        [sys.executable, *args],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**clean, "PYTHONPATH": str(copy), **env},
    )
    assert done.returncode == 0, f"python {' '.join(args)[:200]}\n{done.stdout}{done.stderr}"
    return done.stdout


def add_toy_part(copy: Path) -> None:
    """The checklist's steps, in its order, on the copy."""
    for name, text in NEW_FILES.items():  # reference, stub, probe, hidden test, mistake, public
        (copy / name).write_text(text)
    scheme = copy / "autograder" / "scheme.py"
    source = scheme.read_text()
    anchor = 'if __name__ == "__main__":'
    assert source.count(anchor) == 1, "autograder/scheme.py: no single __main__ block to add before"
    scheme.write_text(source.replace(anchor, SCHEME + anchor))
    with open(copy / "autograder" / "grade" / "outputs.py", "a") as outputs:
        outputs.write(OUTPUT_ROW)
    with open(copy / "tests" / "public" / "conftest.py", "a") as conftest:
        conftest.write(PUBLIC_FIXTURE)
    with open(copy / "starter" / "README.md", "a") as handout_readme:
        handout_readme.write(HANDOUT_SECTION)
    # README: paste `python -m autograder.scheme` between the points-table markers.
    table = run(copy, "-m", "autograder.scheme").strip()
    readme = copy / "README.md"
    start, end = "<!-- points-table:start -->", "<!-- points-table:end -->"
    head, rest = readme.read_text().split(start, 1)
    readme.write_text(f"{head}{start}\n{table}\n{end}{rest.split(end, 1)[1]}")


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The repository's source with the toy part added, and its expected data for that part."""
    copy = tmp_path_factory.mktemp("adding-a-part") / "repo"
    shutil.copytree(
        REPO,
        copy,
        ignore=lambda folder, names: {
            name
            for name in names
            if name in NOT_COPIED
            or name.endswith(".pyc")
            or Path(folder) == REPO
            and name in NOT_COPIED_AT_TOP
        },
    )
    add_toy_part(copy)
    run(
        copy,
        "-c",
        "from pathlib import Path\n"
        "from autograder.build import expected\n"
        "expected.build(Path('build/expected'), parts=['toy'], workers=2,"
        " log=lambda *_: None)",
    )
    return copy


def test_the_checklist_names_every_file_a_part_touches():
    text = CHECKLIST.read_text()
    for name in [
        *NEW_FILES,
        *EDITED_FILES,
        "autograder/grade/verdicts.py",
        "autograder/sandbox/protocol.py",
    ]:
        generic = re.sub(r"toy_\w+\.py$", "<part>_<slug>.py", name).replace("toy", "<part>")
        assert name in text or generic in text, f"{CHECKLIST.name} does not name {generic}"
    for phrase in (
        "python -m autograder.scheme",
        "PART",
        "NAME",
        "EXPLANATION",
        "CAUGHT_BY",
        "@graded(",
        "grader.judge(",
        "contract=",
        "NotImplementedError",
    ):
        assert phrase in text, f"{CHECKLIST.name} does not say {phrase!r}"
    for test in {t.split("::")[0] for t in CHEAP_PACKAGE_TESTS}:
        assert Path(test).name in text, f"{CHECKLIST.name} does not list {test}"


def test_the_toy_data_is_fresh_and_fingerprints_the_new_files(copy):
    """What `ensure` (and so `make grade`) checks: the build's stamp is the copy's sources."""
    found = json.loads(
        run(
            copy,
            "-c",
            (
                "import json\nfrom pathlib import Path\nfrom autograder.build import expected\n"
                "print(json.dumps([expected.is_fresh(Path('build/expected')),"
                " [str(p.relative_to(expected.REPO)) for p in expected.source_files()],"
                " sorted(json.loads(Path('build/expected/mistakes.json').read_text()))]))"
            ),
        )
    )
    fresh, sources, mistakes = found
    assert fresh, "the toy-only build is not taken as fresh: ensure would rebuild every part"
    for name in (
        "solutions/toy.py",
        "autograder/sandbox/probes/toy.py",
        "autograder/build/mistakes/toy_forgets_gamma.py",
        "autograder/scheme.py",
    ):
        assert name in sources, f"{name} is not fingerprinted"
    assert mistakes == ["toy_forgets_gamma"]


def test_the_package_s_own_tests_cover_the_new_part(copy):
    output = run(
        copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHEAP_PACKAGE_TESTS, timeout=600
    )
    assert re.search(r"\b\d+ passed\b", output) and "failed" not in output, output[-3000:]
    with zipfile.ZipFile(copy / "dist" / "autograder.zip") as zipped:
        names = set(zipped.namelist())
    assert {
        "expected/toy.npz",
        "expected/mistakes-toy.npz",
        "tests/hidden/test_toy.py",
        "autograder/sandbox/probes/toy.py",
    } <= names
    assert (
        not {
            "toy.py",
            "solutions/toy.py",
            "autograder/build/mistakes/toy_forgets_gamma.py",
            "autograder/build/oracles.py",
        }
        & names
    )


def test_public_tests_pass_on_the_reference_and_say_not_implemented_on_the_stub(copy):
    public = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/public/test_toy.py"]
    assert "1 passed" in run(copy, *public, STUDENT_DIR=str(copy / "solutions"))
    clean = {k: v for k, v in os.environ.items() if k not in ("STUDENT_DIR", "PYTHONPATH")}
    done = subprocess.run(
        [sys.executable, *public],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env={**clean, "PYTHONPATH": str(copy), "STUDENT_DIR": str(copy / "starter")},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "discounted_return is not implemented yet" in done.stdout, done.stdout


@pytest.fixture(scope="module")
def graded(copy, tmp_path_factory):
    """results.json of the reference's toy.py, the stub, the known mistake's variant."""
    folders = {}
    for name, text in {
        "reference": REFERENCE,
        "stub": STUB,
        "mistake": REFERENCE + "\n\n" + MISTAKE,
    }.items():
        folder = tmp_path_factory.mktemp(name) / "submission"
        folder.mkdir()
        (folder / "toy.py").write_text(text)
        folders[name] = folder
    out = tmp_path_factory.mktemp("results") / "graded.json"
    run(copy, "-c", GRADE_ALL, str(out), *map(str, folders.values()), timeout=600)
    return dict(zip(folders, json.loads(out.read_text()), strict=True))


def toy_tests(outcome: dict) -> list:
    return [t for t in outcome["tests"] if "toy.discounted_return" in t.get("tags", [])]


def test_the_reference_toy_scores_full_marks_and_the_other_parts_are_missing(graded):
    outcome = graded["reference"]
    tests = toy_tests(outcome)
    assert len(tests) == 2 and all(t["status"] == "passed" for t in tests), tests
    assert sum(t["max_score"] for t in tests) == pytest.approx(2.0)
    assert outcome["score"] == pytest.approx(2.0)
    assert re.search(r"\| 6\. A toy part: the discounted return \| 2 / 2 \|", outcome["output"])
    missing = re.search(r"Missing \(those parts score 0\): (.*)", outcome["output"]).group(1)
    for name in ("dp.py", "td.py", "q_learning.py", "dqn.py", "reinforce.py"):
        assert f"`{name}`" in missing, outcome["output"]
    assert "`toy.py`" not in missing
    others = [t for t in outcome["tests"] if t not in tests]
    assert others and all(t["score"] == 0 for t in others)
    assert all("has no `" in t["output"] for t in others if t["name"] != "Tests not run")
    assert not [t for t in outcome["tests"] if t["name"] == "Tests not run"]


def test_the_stub_scores_zero(graded):
    tests = toy_tests(graded["stub"])
    assert len(tests) == 2 and graded["stub"]["score"] == 0
    for test in tests:
        assert test["status"] == "failed"
        assert "`discounted_return` is not implemented yet" in test["output"], test["output"]


def test_the_known_mistake_loses_the_points_and_is_named(graded):
    tests = toy_tests(graded["mistake"])
    assert len(tests) == 2 and graded["mistake"]["score"] == 0
    for test in tests:
        assert test["status"] == "failed"
        assert f"Known mistake: {MISTAKE_NAME}." in test["output"], test["output"]
        assert "Re-read the lecture's formula: `G_0 = sum_t gamma^t r_t`" in test["output"]
