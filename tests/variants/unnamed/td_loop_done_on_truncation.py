"""A time limit stops bootstrapping as if it were a termination."""

PART = "td"
NAME = "loop: done = terminated or truncated"
CAUGHT_BY = ["td.evaluate"]
TOLD = "only `terminated` (not `truncated`) stops bootstrapping"
SUBSTITUTE = [
    (
        "td0_update(V, s, r, s_next, terminated, alpha, gamma)",
        "td0_update(V, s, r, s_next, terminated or truncated, alpha, gamma)",
    )
]
