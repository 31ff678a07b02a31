"""ReplayBuffer.add stops storing once the buffer is full: D keeps the first N transitions, not
the last N (the newest never overwrites the oldest)."""

PART = "dqn"
NAME = "replay buffer keeps the first N transitions"
CAUGHT_BY = ["dqn.replay_buffer"]
TOLD = "sample() returned transitions that are not stored (any more)"


class ReplayBuffer(ReplayBuffer):
    def add(self, obs, action, reward, next_obs, terminated):
        if self.size == self.capacity:
            return  # the mistake: a full buffer ignores the newest transition
        super().add(obs, action, reward, next_obs, terminated)
