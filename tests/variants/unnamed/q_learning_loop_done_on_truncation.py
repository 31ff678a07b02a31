"""A time limit stops bootstrapping as if it were a termination."""

PART = "q_learning"
NAME = "loop: done = terminated or truncated"
CAUGHT_BY = ["q_learning.learning"]
TOLD = "only `terminated` (not `truncated`) stops bootstrapping"
SUBSTITUTE = [
    (
        "q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma)",
        "q_learning_update(Q, s, a, r, s_next, terminated or truncated, alpha, gamma)",
    )
]
