"""forward feeds the raw 0..255 pixels to the first convolution."""

import torch.nn.functional as F

PART = "dqn"
NAME = "QNetwork does not scale the frames from 0..255 to [0, 1]"
BROKEN = ("QNetwork",)
CLAUSE = "scale the pixels to [0, 1], then apply the layers with ReLU in between."


class QNetwork(QNetwork):
    def forward(self, x):
        x = x.float()
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.relu(self.fc(x.flatten(start_dim=1)))
        return self.head(x)
