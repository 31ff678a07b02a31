"""QNetwork registers its fully connected layers before its convolutions."""

PART = "dqn"
NAME = "layers registered out of order"
EXPLANATION = (
    "Your QNetwork registers its parameters in another order than conv1, conv2, "
    "FC-256, FC-num_actions (the fully connected layers first?): create the layers "
    "in __init__ in the order the frames go through them."
)
CAUGHT_BY = ["dqn.network"]

_ReferenceQNetwork = QNetwork


class QNetwork(_ReferenceQNetwork):
    def __init__(self, in_channels, num_actions, frame_size=84):
        super().__init__(in_channels, num_actions, frame_size)
        conv1, conv2 = self.conv1, self.conv2
        del self.conv1, self.conv2
        self.conv1, self.conv2 = conv1, conv2  # the mistake: now registered after fc and head
