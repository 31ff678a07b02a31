"""The discount factor is left out of the TD sample."""

PART = "td"
NAME = "missing gamma in the TD(0) sample"
EXPLANATION = (
    "Your td0_update uses the sample r + V(s'): the next state's value is "
    "discounted, sample = r + gamma V(s')."
)
CAUGHT_BY = ["td.update_stream", "td.evaluate"]


def td0_update(V, s, r, s_next, done, alpha, gamma):
    sample = r + (0.0 if done else V[s_next])
    delta = sample - V[s]
    V[s] = V[s] + alpha * delta
    return float(delta)
