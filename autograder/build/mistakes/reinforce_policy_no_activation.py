"""PolicyNetwork's MLP has no nonlinearity between its two Linear layers."""

PART = "reinforce"
NAME = "policy MLP without a nonlinearity"
EXPLANATION = (
    "Your PolicyNetwork for vector observations is Linear(D, hidden) -> Linear(hidden, A) "
    "with nothing in between, which is one linear map: put a Tanh (or ReLU) between them."
)
CAUGHT_BY = ["reinforce.policy_network"]

_ReferencePolicyNetwork = PolicyNetwork


class PolicyNetwork(_ReferencePolicyNetwork):
    def __init__(self, obs_shape, num_actions, hidden=64):
        super().__init__(obs_shape, num_actions, hidden)
        if not self.is_frames:
            self.body = nn.Sequential(self.body[0])  # the mistake: no Tanh
