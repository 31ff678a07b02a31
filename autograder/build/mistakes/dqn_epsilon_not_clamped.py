"""epsilon_at keeps decreasing after decay_steps (no min(step / decay_steps, 1))."""

PART = "dqn"
NAME = "epsilon keeps decaying after decay_steps"
EXPLANATION = (
    "Your epsilon_at keeps going down after decay_steps (below `end`, even negative): "
    "the decay is linear up to decay_steps and then constant, "
    "start + (end - start) * min(step / decay_steps, 1)."
)
CAUGHT_BY = ["dqn.epsilon_schedule"]


def epsilon_at(step, start=1.0, end=0.05, decay_steps=10_000):
    return float(start + (end - start) * step / decay_steps)
