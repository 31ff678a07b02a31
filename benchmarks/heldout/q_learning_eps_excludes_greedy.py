"""The exploring branch draws among the non-greedy actions only."""

import numpy as np

PART = "q_learning"
NAME = "epsilon_greedy's random action never picks the greedy action"
BROKEN = ("epsilon_greedy",)
CLAUSE = "The random action is uniform over ALL actions (the greedy one included)"


def epsilon_greedy(q_values, epsilon, rng):
    greedy = int(np.argmax(q_values))
    if rng.random() < epsilon:
        others = [a for a in range(len(q_values)) if a != greedy]
        if others:
            return int(others[rng.integers(len(others))])
    return greedy
