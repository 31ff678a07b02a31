"""epsilon_greedy draws from numpy's global generator instead of `rng`."""

import numpy as np

PART = "q_learning"
NAME = "epsilon_greedy ignores rng"
EXPLANATION = (
    "Your epsilon_greedy draws from np.random.* (or Python's random), not from `rng`: the "
    "same rng then gives other actions; draw with rng.random() and rng.integers(A) only."
)
CAUGHT_BY = ["q_learning.epsilon_greedy"]


def epsilon_greedy(q_values, epsilon, rng):
    if np.random.random() < epsilon:  # the mistake: numpy's global generator
        return int(np.random.randint(len(q_values)))
    return int(np.argmax(q_values))
