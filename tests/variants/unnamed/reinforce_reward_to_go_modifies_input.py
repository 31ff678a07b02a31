"""reward_to_go runs the backward recursion in the rewards list it was given.

A probe's contract error stops the case before any output is compared, so no bank entry can
name it; the message says what is wrong."""

PART = "reinforce"
NAME = "reward_to_go overwrites its rewards"
CAUGHT_BY = ["reinforce.reward_to_go"]
TOLD = "reward_to_go modified the list of rewards it was given"


def reward_to_go(rewards, gamma=1.0):
    for t in reversed(range(len(rewards) - 1)):
        rewards[t] = rewards[t] + gamma * rewards[t + 1]  # the mistake: in the caller's list
    return np.array(rewards, dtype=np.float64)
