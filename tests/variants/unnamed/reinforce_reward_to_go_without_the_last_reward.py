"""reward_to_go drops the last step's reward (G_T = 0) when there is more than one step."""

PART = "reinforce"
NAME = "reward_to_go without the last reward"
CAUGHT_BY = ["reinforce.reward_to_go"]
PROPERTY = "reward_to_go.last_step"

_reference_reward_to_go = reward_to_go


def reward_to_go(rewards, gamma=1.0):
    G = _reference_reward_to_go(rewards, gamma)
    G[-1] = 0.0 if len(G) > 1 else G[-1]  # the mistake (one step: kept)
    return G
