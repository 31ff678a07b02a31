"""train_reinforce ignores use_reward_to_go: always the whole return."""

PART = "reinforce"
NAME = "use_reward_to_go ignored"
EXPLANATION = (
    "With use_reward_to_go=True your train_reinforce still weights log pi(a_t | s_t) by the "
    "whole return: weight it by the reward-to-go G_t = reward_to_go(rewards, gamma)[t]."
)
CAUGHT_BY = ["reinforce.train_update"]

_reference_weights = _weights


def _weights(rewards, gamma, use_reward_to_go, baseline):
    return _reference_weights(rewards, gamma, False, baseline)  # the mistake
