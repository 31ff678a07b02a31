"""PolicyNetwork with ReLU in the MLP, the output layer registered first, separate attributes
and div(255), on top of the loop of reinforce_other_ways: proven on the policy network's loaded
weights and the step-by-step watch of train_reinforce."""

PART = "reinforce"
NAME = "PolicyNetwork: other layer order, ReLU"
BASE = "reinforce_other_ways"
CHECKS = ["reinforce.policy_network", "reinforce.train_update"]


class PolicyNetwork(nn.Module):
    def __init__(self, obs_shape, num_actions, hidden=64):
        super().__init__()
        obs_shape = tuple(int(d) for d in obs_shape)
        self.out = nn.Linear(hidden, num_actions)
        if len(obs_shape) == 1:
            self.frames = False
            self.first = nn.Linear(obs_shape[0], hidden)
        elif len(obs_shape) == 3:
            c, h, w = obs_shape
            side = [((n - 8) // 4 + 1 - 4) // 2 + 1 for n in (h, w)]
            if min(side) < 1:
                raise ValueError("frames too small for the lecture's convolutions")
            self.frames = True
            self.conv2 = nn.Conv2d(16, 32, 4, stride=2)
            self.conv1 = nn.Conv2d(c, 16, 8, stride=4)
            self.first = nn.Linear(32 * side[0] * side[1], hidden)
        else:
            raise ValueError("obs_shape must be (D,) or (C, H, W)")

    def forward(self, obs):
        if self.frames:
            x = obs.to(torch.float32).div(255)
            x = torch.relu(self.conv2(torch.relu(self.conv1(x)))).flatten(1)
        else:
            x = obs.to(torch.float32)
        return self.out(torch.relu(self.first(x)))

    def distribution(self, obs):
        return torch.distributions.Categorical(logits=self.forward(obs))
