"""PolicyNetwork.forward returns the action probabilities softmax(logits) instead of the logits
(and distribution builds the Categorical from those probabilities)."""

PART = "reinforce"
NAME = "forward returns probabilities, not logits"
CAUGHT_BY = ["reinforce.policy_network"]
TOLD = "is not the softmax of forward(obs)'s logits"


class PolicyNetwork(PolicyNetwork):
    def forward(self, obs):
        return torch.softmax(super().forward(obs), dim=-1)  # the mistake: probabilities

    def distribution(self, obs):
        return torch.distributions.Categorical(probs=self(obs))
