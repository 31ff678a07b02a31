"""Exploration draws only among the non-greedy actions."""

import numpy as np

PART = "q_learning"
NAME = "random action never the greedy one"
EXPLANATION = (
    "Your epsilon_greedy explores only among the non-greedy actions: the random "
    "action is uniform over *all* actions, so the greedy one gets "
    "1 - epsilon + epsilon / A."
)
CAUGHT_BY = ["q_learning.epsilon_greedy"]


def epsilon_greedy(q_values, epsilon, rng):
    greedy = int(np.argmax(q_values))
    if rng.random() < epsilon:
        others = [a for a in range(len(q_values)) if a != greedy]
        return int(others[rng.integers(len(others))])
    return greedy
