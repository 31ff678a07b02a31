"""train_reinforce ends an episode only when it terminated: after a time-limit truncation it
keeps stepping the finished episode instead of starting the next one."""

PART = "reinforce"
NAME = "loop: an episode runs on past a truncation"
CAUGHT_BY = ["reinforce.train_update"]
TOLD = "after the episode ended (terminated or truncated): call env.reset() first"
SUBSTITUTE = [
    (
        "        if terminated or truncated:\n            return observations",
        "        if terminated:  # the mistake: a truncation does not end the episode\n"
        "            return observations",
    )
]
