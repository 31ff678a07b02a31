"""train_dqn ends an episode (records its return, resets the env) only when it terminated: after
a time-limit truncation it keeps stepping the finished episode."""

PART = "dqn"
NAME = "loop: no reset after a truncation"
CAUGHT_BY = ["dqn.train_transitions"]
TOLD = "after the episode ended (terminated or truncated): call env.reset() first"
SUBSTITUTE = [
    (
        "        if terminated or truncated:\n            episode_returns.append",
        "        if terminated:  # the mistake: a truncation does not end the episode\n"
        "            episode_returns.append",
    )
]
