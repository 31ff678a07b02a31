"""PolicyNetwork.forward returns float64 logits (a .double() on the output)."""

PART = "reinforce"
NAME = "PolicyNetwork.forward in float64"
CAUGHT_BY = ["reinforce.policy_network"]
TOLD = "PolicyNetwork.forward returned float64 logits; return float32"


class PolicyNetwork(PolicyNetwork):
    def forward(self, obs):
        return super().forward(obs).double()  # the mistake
