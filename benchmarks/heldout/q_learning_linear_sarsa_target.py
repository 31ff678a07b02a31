"""The target uses Q(x_next, a), the action just taken, instead of the max over a'."""

PART = "q_learning"
NAME = "linear_q_update's target uses the same action in s' instead of max_a'"
BROKEN = ("linear_q_update",)
CLAUSE = "delta = r + gamma max_a' Q(x_next, a') - Q(x, a)      (no max term when done)"


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next_a = W[a] @ x_next + b[a]
    target = r + gamma * (1.0 - done) * q_next_a
    delta = target - (W[a] @ x + b[a])
    W[a] += alpha * delta * x
    b[a] += alpha * delta
    return float(delta)
