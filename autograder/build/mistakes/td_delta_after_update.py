"""The returned TD error is computed after V(s) was updated."""

PART = "td"
NAME = "TD error computed after updating V(s)"
EXPLANATION = (
    "Your td0_update returns sample - V(s) with the *updated* V(s): compute the TD "
    "error from the value before the update, then update."
)
CAUGHT_BY = ["td.update_stream"]


def td0_update(V, s, r, s_next, done, alpha, gamma):
    sample = r + gamma * (0.0 if done else V[s_next])
    V[s] = (1.0 - alpha) * V[s] + alpha * sample
    return float(sample - V[s])
