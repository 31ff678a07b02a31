"""The TD error is returned as V(s) - sample (estimate minus target)."""

PART = "td"
NAME = "TD error with the wrong sign"
EXPLANATION = (
    "Your td0_update returns V(s) - sample: the TD error is sample - V(s), the target "
    "minus the estimate (it is positive when the outcome was better than expected)."
)
CAUGHT_BY = ["td.update_stream"]


def td0_update(V, s, r, s_next, done, alpha, gamma):
    sample = r + gamma * (0.0 if done else V[s_next])
    delta = V[s] - sample
    V[s] = V[s] - alpha * delta
    return float(delta)
