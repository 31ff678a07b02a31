"""PolicyNetwork feeds frames of 0..255 to its first convolution without scaling them."""

PART = "reinforce"
NAME = "policy frames not scaled to [0, 1]"
EXPLANATION = (
    "Your PolicyNetwork feeds frames of 0..255 to the first convolution as they are: "
    "scale them to [0, 1] first (x.float() / 255), for uint8 and float input alike."
)
CAUGHT_BY = ["reinforce.policy_network"]

_ReferencePolicyNetwork = PolicyNetwork


class PolicyNetwork(_ReferencePolicyNetwork):
    def forward(self, obs):
        return self.logits(self.body(obs.float()))  # the mistake: no / 255
