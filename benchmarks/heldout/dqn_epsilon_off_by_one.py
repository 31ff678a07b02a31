"""The schedule counts steps from 1: epsilon_at(0) is already one step into the decay."""

PART = "dqn"
NAME = "epsilon_at is one step ahead of the schedule"
BROKEN = ("epsilon_at",)
CLAUSE = "epsilon(step) = start + (end - start) * min(step / decay_steps, 1)"


def epsilon_at(step, start=1.0, end=0.05, decay_steps=10_000):
    fraction = min((step + 1) / decay_steps, 1.0)
    return float(start + (end - start) * fraction)
