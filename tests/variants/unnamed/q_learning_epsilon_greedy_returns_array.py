"""epsilon_greedy returns the random action as rng.integers(A, size=1): an array of shape (1,).

A read-back refusal (a wrong type) carries no output to compare, so no bank entry can name it;
the message says what is wrong."""

PART = "q_learning"
NAME = "epsilon_greedy returns an array of shape (1,)"
CAUGHT_BY = ["q_learning.epsilon_greedy"]
TOLD = "epsilon_greedy returned a ndarray; return an int action index"
SUBSTITUTE = [
    (
        "        return int(rng.integers(num_actions))\n",
        "        return rng.integers(num_actions, size=1)  # the mistake: shape (1,)\n",
    )
]
