"""The hidden suite's fixtures: the grading session of this run."""

import pytest

from autograder.grading import current_session


@pytest.fixture(scope="session")
def grader():
    return current_session()
