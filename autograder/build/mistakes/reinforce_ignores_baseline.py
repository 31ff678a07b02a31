"""train_reinforce ignores baseline=True: nothing is subtracted from the weights."""

PART = "reinforce"
NAME = "baseline ignored"
EXPLANATION = (
    "With baseline=True your train_reinforce subtracts nothing from the weights: subtract "
    "their average over the batch of trajectories."
)
CAUGHT_BY = ["reinforce.train_update"]

_reference_weights = _weights


def _weights(rewards, gamma, use_reward_to_go, baseline):
    return _reference_weights(rewards, gamma, use_reward_to_go, False)  # the mistake
