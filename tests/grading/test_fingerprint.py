"""The expected data is rebuilt whenever anything it is built from changes.

The fingerprint stamped on the data must cover every input of the build: the reference, the
environments, the probes and the worker, the oracles, the mistake bank, the scheme, the pinned
libraries. Two checks: every module a build loads is a fingerprinted file, and changing any
fingerprinted file changes the fingerprint.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.build import expected

REPO = Path(__file__).resolve().parents[2]

# What a build runs: the build itself, the trusted runner, the worker and everything the probes,
# oracles and mistakes import (all probes and envs are imported here).
LOAD_WHAT_A_BUILD_LOADS = """
import importlib, json, sys
from autograder import scheme
sys.path.insert(0, "solutions")
import autograder.build.expected, autograder.build.reference, autograder.build.oracles
import autograder.sandbox.env_host, autograder.sandbox.probes.remote_env
for part in scheme.PARTS:
    importlib.import_module("autograder.sandbox.probes." + part)
    importlib.import_module(part)
import envs, envs.atari_lite
sys.argv = ["worker.py"]
import runpy; runpy.run_path("autograder/sandbox/worker.py", run_name="not_main")
print(json.dumps(sorted({m.__file__ for m in list(sys.modules.values())
                         if getattr(m, "__file__", None)})))
"""


def test_every_module_a_build_loads_is_fingerprinted():
    done = subprocess.run(
        [sys.executable, "-c", LOAD_WHAT_A_BUILD_LOADS],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {Path(f).resolve() for f in json.loads(done.stdout.splitlines()[-1])}
    ours = {f for f in loaded if f.is_relative_to(REPO) and ".venv" not in f.parts and f.exists()}
    covered = {f.resolve() for f in expected.source_files()}
    assert ours, "the probe found no module of the repository"
    assert ours <= covered, sorted(str(f.relative_to(REPO)) for f in ours - covered)


def test_changing_any_fingerprinted_file_changes_the_fingerprint(tmp_path):
    copy = tmp_path / "repo"
    for name in expected.SOURCES:
        source = REPO / name
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)
    before = expected.fingerprint(copy)
    assert before == expected.fingerprint(REPO)
    files = expected.source_files(copy)
    assert len(files) > 50
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n# changed\n")
        assert expected.fingerprint(copy) != before, path.relative_to(copy)
        path.write_bytes(original)
    assert expected.fingerprint(copy) == before
