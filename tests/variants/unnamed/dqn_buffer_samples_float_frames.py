"""ReplayBuffer.sample converts the frames to float32 tensors (for the network) instead of
returning them as uint8."""

PART = "dqn"
NAME = "sample returns float32 frames"
CAUGHT_BY = ["dqn.replay_buffer"]
TOLD = "sample() must return obs/next_obs uint8"
SUBSTITUTE = [
    (
        "obs=torch.from_numpy(self.obs[idx]),",
        "obs=torch.from_numpy(self.obs[idx]).float(),  # the mistake",
    ),
    (
        "next_obs=torch.from_numpy(self.next_obs[idx]),",
        "next_obs=torch.from_numpy(self.next_obs[idx]).float(),  # the mistake",
    ),
]
