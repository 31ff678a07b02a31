"""Fixtures of the reference's own tests."""

import pytest


@pytest.fixture(autouse=True)
def one_thread():
    """One intra-op torch thread: tiny networks run faster, and timings do not depend on the
    machine. (Imported lazily: the tabular tests need no torch.)"""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
