"""ReplayBuffer.sample on an empty buffer returns a batch of empty slots instead of raising."""

import torch

PART = "dqn"
NAME = "sampling an empty replay buffer does not raise"
EXPLANATION = (
    "Your ReplayBuffer.sample returns a minibatch of empty (all-zero) slots when D holds no "
    "transition yet: raise ValueError when the buffer is empty, there is nothing to sample."
)
CAUGHT_BY = ["dqn.replay_buffer"]


def _sample_never_empty(self, batch_size):
    idx = self.rng.integers(0, max(len(self), 1), size=batch_size)  # the mistake: slot 0
    return Batch(  # noqa: F821 - the reference's
        obs=torch.from_numpy(self.obs[idx]),
        actions=torch.from_numpy(self.actions[idx]),
        rewards=torch.from_numpy(self.rewards[idx]),
        next_obs=torch.from_numpy(self.next_obs[idx]),
        terminated=torch.from_numpy(self.terminated[idx]),
    )


ReplayBuffer.sample = _sample_never_empty  # noqa: F821
