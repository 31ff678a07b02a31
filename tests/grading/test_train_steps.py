"""The step-by-step watch of train_dqn (`dqn.train_steps`) passes correct loops written other
ways: the target built by copy.deepcopy and synced before the step's gradient step, RMSprop,
zeroed (not freed) gradients, the random action drawn before the coin. Each loop runs the
check's own job through the worker, as at build time, and is judged by the real verdict.
"""

from __future__ import annotations

import pytest
from bank import expected_dir

from autograder import scheme
from autograder.build import reference, variants
from autograder.grade.session import GradingSession

CHECK = scheme.check("dqn.train_steps")
# Correct loops written otherwise (tests/variants/correct), each a whole dqn.py.
ALTERNATIVES = {
    v.id: variants.source(v)
    for v in variants.load("correct", "dqn")
    if variants.proven_on(v, CHECK.id)
}


@pytest.mark.parametrize("name", list(ALTERNATIVES))
def test_a_correct_loop_written_another_way_passes(tmp_path, name):
    folder = tmp_path / "module"
    folder.mkdir()
    (folder / "dqn.py").write_text(ALTERNATIVES[name])
    jobs = [job for job in scheme.jobs("dqn", reference=True) if job["function"] == "train_dqn"]
    jobs = [job for job in jobs if job["key"].startswith(CHECK.probe + "--")]
    outcomes = reference.run_trusted("dqn", folder, tmp_path / "work", jobs=jobs)
    session = GradingSession.replaying(expected_dir(), {"dqn": outcomes})
    for case_id in CHECK.cases:
        session.judge(CHECK.id, case_id)  # AssertionError with the feedback if it fails
