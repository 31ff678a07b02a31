"""What the sandbox may read of ours (autograder/sandbox/run.py, install_runtime): the probes,
envs and the worker, copied into the grading's own folder."""

from __future__ import annotations

from autograder.sandbox.run import install_runtime


def test_the_sandbox_runtime_is_compiled_by_the_grader_and_read_only(tmp_path):
    # The sandbox writes no bytecode: without the grader's compile, each worker would
    # compile the probes and envs again. Its copy is the grader's, not writable by others.
    install_runtime(tmp_path)
    for module in ("autograder/sandbox/probes/dqn.py", "envs/atari_lite/__init__.py"):
        source = tmp_path / module
        compiled = list((source.parent / "__pycache__").glob(f"{source.stem}.*.pyc"))
        assert compiled, f"no bytecode for {module}"
        assert all(path.stat().st_mode & 0o777 == 0o644 for path in compiled)
