"""reinforce_loss adds a constant: its gradient is right, but it is not linear in the returns."""

PART = "reinforce"
NAME = "reinforce_loss offset by a constant"
CAUGHT_BY = ["reinforce.loss_gradient"]
PROPERTY = "reinforce_loss.linear_in_the_weights"

_reference_loss = reinforce_loss


def reinforce_loss(log_probs, rewards):
    return _reference_loss(log_probs, rewards) + 1.0  # the mistake
