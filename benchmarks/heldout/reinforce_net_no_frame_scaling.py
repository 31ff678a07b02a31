"""Frames go into the convolutions as raw 0..255 values."""

PART = "reinforce"
NAME = "PolicyNetwork does not scale frames to [0, 1]"
BROKEN = ("PolicyNetwork",)
CLAUSE = (
    "For obs_shape (C, H, W): frames in 0..255, scaled to [0, 1], through "
    "the lecture's convolutions"
)


class PolicyNetwork(PolicyNetwork):
    def forward(self, obs):
        return self.logits(self.body(obs.float()))
