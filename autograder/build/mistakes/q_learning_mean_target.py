"""The target averages the next state's Q-values over actions instead of taking their max."""

import numpy as np

PART = "q_learning"
NAME = "Q-learning target averages over next actions instead of max_a'"
EXPLANATION = (
    "Your q_learning_update's target averages Q(s', a') over a' (an expected-SARSA "
    "target for a uniformly random policy): Q-learning's target is "
    "r + gamma max_a' Q(s', a')."
)
CAUGHT_BY = ["q_learning.update_stream", "q_learning.learning"]


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r + gamma * (1.0 - done) * np.mean(Q[s_next])
    delta = target - Q[s, a]
    Q[s, a] = (1.0 - alpha) * Q[s, a] + alpha * target
    return float(delta)
