"""The coin is tossed with np.random.random(), not with the rng it was given."""

import numpy as np

PART = "q_learning"
NAME = "epsilon_greedy uses numpy's global random state"
BROKEN = ("epsilon_greedy",)
CLAUSE = "rng: np.random.Generator, the only source of randomness you may use."


def epsilon_greedy(q_values, epsilon, rng):
    if np.random.random() < epsilon:
        return int(np.random.randint(len(q_values)))
    return int(np.argmax(q_values))
