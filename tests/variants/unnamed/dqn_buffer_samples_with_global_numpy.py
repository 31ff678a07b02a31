"""ReplayBuffer.sample draws its indices with numpy's global generator (np.random.randint), not
with the buffer's own np.random.default_rng(seed): two buffers with one seed sample differently."""

PART = "dqn"
NAME = "sample draws with np.random"
CAUGHT_BY = ["dqn.replay_buffer"]
TOLD = "two buffers built with the same seed sampled differently"
SUBSTITUTE = [
    (
        "idx = self.rng.integers(0, len(self), size=batch_size)",
        "idx = np.random.randint(0, len(self), size=batch_size)  # the mistake",
    )
]
