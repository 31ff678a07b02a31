"""epsilon_greedy numbers its random action from 1: rng.integers(1, A + 1), out of 0 .. A-1."""

PART = "q_learning"
NAME = "epsilon_greedy explores actions 1 .. A"
CAUGHT_BY = ["q_learning.epsilon_greedy"]
TOLD = "epsilon_greedy returned action 4, outside 0..3"
SUBSTITUTE = [
    (
        "        return int(rng.integers(num_actions))\n",
        "        return int(rng.integers(1, num_actions + 1))  # the mistake: 1 .. A\n",
    )
]
