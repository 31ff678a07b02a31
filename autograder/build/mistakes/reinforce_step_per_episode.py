"""train_reinforce takes an optimizer step after every episode instead of after N of them."""

PART = "reinforce"
NAME = "one optimizer step per episode"
EXPLANATION = (
    "Your train_reinforce takes an optimizer step after every episode: sample all N = "
    "episodes_per_iteration episodes first, then take exactly one step on their loss per "
    "iteration."
)
CAUGHT_BY = ["reinforce.train_update"]
# An iteration of one episode, num_iterations * N times: one step on each episode's loss.
SUBSTITUTE = [
    (
        "    for _ in range(num_iterations):\n",
        "    for _ in range(num_iterations * episodes_per_iteration):  # the mistake\n",
    ),
    (
        "        for _ in range(episodes_per_iteration):\n",
        "        for _ in range(1):  # the mistake: a step after every episode\n",
    ),
]
