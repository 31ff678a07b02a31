"""ReplayBuffer.__len__ returns the capacity N, not the number of transitions stored."""

PART = "dqn"
NAME = "len(buffer) is its capacity"
CAUGHT_BY = ["dqn.replay_buffer"]
TOLD = "len(buffer) is 8 after 3 adds with capacity 8; it should be 3"


class ReplayBuffer(ReplayBuffer):
    def __len__(self):
        return self.capacity  # the mistake: the slots, not the transitions stored
