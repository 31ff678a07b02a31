"""The comparison is flipped: the random action is taken with probability 1 - epsilon."""

import numpy as np

PART = "q_learning"
NAME = "explores with probability 1 - epsilon"
EXPLANATION = (
    "Your epsilon_greedy takes the random action with probability 1 - epsilon (a "
    "flipped comparison?): explore when rng.random() < epsilon, else act greedily."
)
CAUGHT_BY = ["q_learning.epsilon_greedy"]


def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() >= epsilon:
        return int(rng.integers(len(q_values)))
    return int(np.argmax(q_values))
