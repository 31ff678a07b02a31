"""QNetwork accepts frames below the smallest size instead of raising ValueError."""

import torch.nn as nn

PART = "dqn"
NAME = "no ValueError for frames that are too small"
EXPLANATION = (
    "Your QNetwork builds layers for frames smaller than 20 pixels, where the lecture's two "
    "convolutions leave no map at all: check frame_size first and raise ValueError with a "
    "message that says the smallest size, 20."
)
CAUGHT_BY = ["dqn.network"]


class QNetwork(QNetwork):  # noqa: F821 - the reference's, which this file is appended to
    def __init__(self, in_channels, num_actions, frame_size=84):
        nn.Module.__init__(self)  # the mistake: no check of frame_size
        (c1, k1, s1), (c2, k2, s2) = CONV1, CONV2  # noqa: F821
        side = _conv_output_size(_conv_output_size(frame_size, k1, s1), k2, s2)  # noqa: F821
        self.conv1 = nn.Conv2d(in_channels, c1, kernel_size=k1, stride=s1)
        self.conv2 = nn.Conv2d(c1, c2, kernel_size=k2, stride=s2)
        self.fc = nn.Linear(c2 * max(side, 0) ** 2, 256)
        self.head = nn.Linear(256, num_actions)
