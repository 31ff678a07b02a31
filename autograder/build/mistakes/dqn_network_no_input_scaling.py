"""QNetwork.forward feeds the raw pixels 0..255 to the first convolution (no /255)."""

import torch.nn.functional as F

PART = "dqn"
NAME = "network input not scaled by 1/255"
EXPLANATION = (
    "Your QNetwork feeds the raw pixel values 0..255 to the first convolution: the "
    "lecture's network scales the frames to [0, 1] first, x.float() / 255."
)
CAUGHT_BY = ["dqn.network"]


def _forward_unscaled(self, x):
    x = x.float()  # the mistake: no / 255
    x = F.relu(self.conv1(x))
    x = F.relu(self.conv2(x))
    x = F.relu(self.fc(x.flatten(start_dim=1)))
    return self.head(x)


QNetwork.forward = _forward_unscaled
