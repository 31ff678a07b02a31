"""QNetwork.forward has no ReLU between FC-256 and the output layer."""

import torch.nn.functional as F

PART = "dqn"
NAME = "no ReLU after FC-256"
EXPLANATION = (
    "Your QNetwork goes from FC-256 straight to FC-num_actions: the lecture's network "
    "has a ReLU between every pair of layers, FC-256 --ReLU--> FC-num_actions."
)
CAUGHT_BY = ["dqn.network"]


def _forward_without_last_relu(self, x):
    x = x.float() / 255.0
    x = F.relu(self.conv1(x))
    x = F.relu(self.conv2(x))
    x = self.fc(x.flatten(start_dim=1))  # the mistake: no ReLU here
    return self.head(x)


QNetwork.forward = _forward_without_last_relu
