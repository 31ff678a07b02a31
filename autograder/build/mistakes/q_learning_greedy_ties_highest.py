"""The greedy action keeps the last of several best actions (`>=` in a running max)."""

PART = "q_learning"
NAME = "epsilon-greedy breaks ties towards the highest index"
EXPLANATION = (
    "Your epsilon_greedy's greedy action is the last of several equally good actions "
    "(a `>=` in a running max?): ties go to the lowest index, as np.argmax does."
)
CAUGHT_BY = ["q_learning.epsilon_greedy"]


def epsilon_greedy(q_values, epsilon, rng):
    if rng.random() < epsilon:
        return int(rng.integers(len(q_values)))
    best, greedy = q_values[0], 0
    for a in range(len(q_values)):
        if q_values[a] >= best:
            best, greedy = q_values[a], a
    return greedy
