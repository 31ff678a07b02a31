"""td0_update updates a copy of V: the caller's V never changes."""

PART = "td"
NAME = "V updated on a copy, not in place"
EXPLANATION = (
    "Your td0_update changes a copy of V (or returns a new array), so the V it was "
    "given never moves: update V[s] in place, V[s] = V[s] + alpha * delta."
)
CAUGHT_BY = ["td.update_stream", "td.evaluate"]


def td0_update(V, s, r, s_next, done, alpha, gamma):
    V = V.copy()  # the mistake: the caller's V is left as it was
    sample = r + gamma * (0.0 if done else V[s_next])
    delta = sample - V[s]
    V[s] = V[s] + alpha * delta
    return float(delta)
