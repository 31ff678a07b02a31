"""QNetwork.forward scales uint8 frames by 1/255 but passes float frames through unscaled."""

import torch
import torch.nn.functional as F

PART = "dqn"
NAME = "float input assumed already scaled"
EXPLANATION = (
    "Your QNetwork divides by 255 only when the frames are uint8: float frames also "
    "hold pixel values 0..255, so scale every input, x.float() / 255."
)
CAUGHT_BY = ["dqn.network"]


def _forward_scales_uint8_only(self, x):
    x = x.float() / 255.0 if x.dtype == torch.uint8 else x  # the mistake: float left as is
    x = F.relu(self.conv1(x))
    x = F.relu(self.conv2(x))
    x = F.relu(self.fc(x.flatten(start_dim=1)))
    return self.head(x)


QNetwork.forward = _forward_scales_uint8_only
