"""train_reinforce returns one mean return per iteration instead of every episode's return."""

import numpy as np

PART = "reinforce"
NAME = "one mean return per iteration returned"
EXPLANATION = (
    "Your train_reinforce returns the mean return of each iteration: return the "
    "undiscounted return of every episode, in the order they were played "
    "(num_iterations * episodes_per_iteration of them)."
)
CAUGHT_BY = ["reinforce.train_update"]

_reference_train_reinforce = train_reinforce


def train_reinforce(env, num_iterations, *, episodes_per_iteration=16, **options):
    returns = _reference_train_reinforce(
        env, num_iterations, episodes_per_iteration=episodes_per_iteration, **options
    )
    n = episodes_per_iteration
    return [float(np.mean(returns[i : i + n])) for i in range(0, len(returns), n)]  # the mistake
