"""The learning rate is applied twice: the step is alpha * alpha * (sample - V(s))."""

PART = "td"
NAME = "learning rate applied twice in td0_update"
EXPLANATION = (
    "Your td0_update scales by alpha twice (alpha already in delta, then "
    "V[s] += alpha * delta): delta = sample - V(s) has no alpha, and the update is "
    "V[s] += alpha * delta."
)
CAUGHT_BY = ["td.update_stream", "td.evaluate"]


def td0_update(V, s, r, s_next, done, alpha, gamma):
    sample = r + gamma * (0.0 if done else V[s_next])
    delta = alpha * (sample - V[s])
    V[s] = V[s] + alpha * delta
    return float(delta)
