"""train_reinforce weights every log-probability by the undiscounted return, whatever gamma."""

PART = "reinforce"
NAME = "default weights ignore gamma"
EXPLANATION = (
    "Your train_reinforce weights each log-probability by sum_t r_t whatever gamma is: by "
    "default the weight is the whole discounted return sum_t gamma^t r_t of its trajectory."
)
CAUGHT_BY = ["reinforce.train_update"]

_reference_weights = _weights


def _weights(rewards, gamma, use_reward_to_go, baseline):
    if not use_reward_to_go:
        gamma = 1.0  # the mistake: the discount dropped from the whole return
    return _reference_weights(rewards, gamma, use_reward_to_go, baseline)
