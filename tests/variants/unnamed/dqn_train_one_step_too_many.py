"""train_dqn runs its loop for t = 0 .. num_steps (inclusive): num_steps + 1 env steps."""

PART = "dqn"
NAME = "loop: num_steps + 1 steps"
CAUGHT_BY = ["dqn.train_transitions"]
TOLD = "took 61 env steps: take exactly num_steps steps"
SUBSTITUTE = [
    (
        "for step in range(num_steps):",
        "for step in range(num_steps + 1):  # the mistake: one step too many",
    )
]
