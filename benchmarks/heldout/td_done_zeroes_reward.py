"""On a terminal transition the whole sample is zeroed, the reward with the future."""

PART = "td"
NAME = "a terminal transition's sample drops the reward too"
BROKEN = ("td0_update",)
CLAUSE = "When `done` is true ... take V^pi(s') as 0 in the sample, whatever V[s_next] holds."


def td0_update(V, s, r, s_next, done, alpha, gamma):
    sample = (r + gamma * V[s_next]) * (1 - done)
    delta = sample - V[s]
    V[s] += alpha * delta
    return float(delta)
