"""ReplayBuffer.sample draws indices over the whole capacity, empty slots included."""

import torch

PART = "dqn"
NAME = "replay buffer samples slots never written"
EXPLANATION = (
    "Your ReplayBuffer.sample draws indices from range(capacity) before the buffer is "
    "full, so minibatches contain empty (all-zero) transitions: draw them from "
    "range(len(self)), the slots that hold a transition."
)
CAUGHT_BY = ["dqn.replay_buffer"]


def _sample_any_slot(self, batch_size):
    idx = self.rng.integers(0, self.capacity, size=batch_size)
    return Batch(
        obs=torch.from_numpy(self.obs[idx]),
        actions=torch.from_numpy(self.actions[idx]),
        rewards=torch.from_numpy(self.rewards[idx]),
        next_obs=torch.from_numpy(self.next_obs[idx]),
        terminated=torch.from_numpy(self.terminated[idx]),
    )


ReplayBuffer.sample = _sample_any_slot
