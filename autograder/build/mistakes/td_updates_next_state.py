"""The update moves V(s') instead of V(s)."""

PART = "td"
NAME = "updates V(s') instead of V(s)"
EXPLANATION = (
    "Your td0_update changes V[s_next]: the transition s -> s' is a sample of V(s), "
    "so V[s] is the entry that moves towards the sample."
)
CAUGHT_BY = ["td.update_stream", "td.evaluate"]


def td0_update(V, s, r, s_next, done, alpha, gamma):
    sample = r + gamma * (0.0 if done else V[s_next])
    delta = sample - V[s]
    V[s_next] = V[s_next] + alpha * delta
    return float(delta)
