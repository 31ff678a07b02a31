"""The TD target bootstraps from the next state even when the transition was terminal."""

PART = "td"
NAME = "TD(0) sample bootstraps from a terminal state"
EXPLANATION = (
    "Your td0_update adds gamma V(s') even when `done` is true: a terminal state has "
    "no future, so the sample is just r there (take V(s') as 0, whatever V[s_next] "
    "holds)."
)
CAUGHT_BY = ["td.update_stream"]


def td0_update(V, s, r, s_next, done, alpha, gamma):
    sample = r + gamma * V[s_next]
    delta = sample - V[s]
    V[s] = V[s] + alpha * delta
    return float(delta)
