"""The TD error is computed again after V[s] has moved, and that one is returned."""

PART = "td"
NAME = "td0_update returns the TD error measured after the update"
BROKEN = ("td0_update",)
CLAUSE = "the TD error delta = sample - V^pi(s), with V^pi(s) its value *before* the update."


def td0_update(V, s, r, s_next, done, alpha, gamma):
    sample = r + (0.0 if done else gamma * V[s_next])
    V[s] = (1 - alpha) * V[s] + alpha * sample
    return float(sample - V[s])
