"""reward_to_go builds G_t in a Python list (inserting at the front) and returns the list, not
an np.ndarray."""

PART = "reinforce"
NAME = "reward_to_go returns a list"
CAUGHT_BY = ["reinforce.reward_to_go"]
TOLD = "reward_to_go returned a list; return a numpy array"


def reward_to_go(rewards, gamma=1.0):
    returns, future = [], 0.0
    for r in reversed(rewards):
        future = float(r) + gamma * future
        returns.insert(0, future)
    return returns  # the mistake: a list
