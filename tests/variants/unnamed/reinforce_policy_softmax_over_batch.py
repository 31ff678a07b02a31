"""PolicyNetwork.distribution takes the softmax over the batch axis (dim=0) instead of over the
actions: pi_theta(a | s) is not softmax(logits)_a."""

PART = "reinforce"
NAME = "distribution: softmax over the batch"
CAUGHT_BY = ["reinforce.policy_network"]
TOLD = "is not the softmax of forward(obs)'s logits"


class PolicyNetwork(PolicyNetwork):
    def distribution(self, obs):
        probs = torch.softmax(self(obs), dim=0)  # the mistake: over the batch, not the actions
        return torch.distributions.Categorical(probs)
