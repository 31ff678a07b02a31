"""PolicyNetwork sizes its layers by a dummy forward pass: small frames raise no ValueError."""

import torch
import torch.nn as nn

PART = "reinforce"
NAME = "no ValueError for frames too small"
EXPLANATION = (
    "Your PolicyNetwork fails with another error than ValueError when the frames are too "
    "small for the lecture's convolutions (8x8 stride 4, then 4x4 stride 2): check the "
    "size and raise ValueError saying so."
)
CAUGHT_BY = ["reinforce.policy_network"]


class PolicyNetwork(nn.Module):
    def __init__(self, obs_shape, num_actions, hidden=64):
        super().__init__()
        obs_shape = tuple(obs_shape)
        self.is_frames = len(obs_shape) == 3
        if len(obs_shape) == 1:
            self.body = nn.Sequential(nn.Linear(obs_shape[0], hidden), nn.Tanh())
        elif len(obs_shape) == 3:
            convolutions = nn.Sequential(
                nn.Conv2d(obs_shape[0], 16, kernel_size=8, stride=4),
                nn.ReLU(),
                nn.Conv2d(16, 32, kernel_size=4, stride=2),
                nn.ReLU(),
                nn.Flatten(),
            )
            # the mistake: the size from a dummy pass, which raises a RuntimeError when too small
            with torch.no_grad():
                flat = convolutions(torch.zeros(1, *obs_shape)).shape[1]
            self.body = nn.Sequential(*convolutions, nn.Linear(flat, hidden), nn.ReLU())
        else:
            raise ValueError(f"obs_shape must be (D,) or (C, H, W), got {obs_shape}")
        self.logits = nn.Linear(hidden, num_actions)

    def forward(self, obs):
        x = obs.float()
        if self.is_frames:
            x = x / 255.0
        return self.logits(self.body(x))

    def distribution(self, obs):
        return torch.distributions.Categorical(logits=self(obs))
