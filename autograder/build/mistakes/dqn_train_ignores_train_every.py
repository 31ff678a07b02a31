"""train_dqn takes a gradient step at every step after learning_starts."""

PART = "dqn"
NAME = "a gradient step at every step (train_every ignored)"
EXPLANATION = (
    "Your train_dqn trains at every step once t >= learning_starts: Algorithm 1 takes "
    "one gradient step only when t >= learning_starts and t % train_every == 0."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        "        if step >= learning_starts and step % train_every == 0:\n",
        "        if step >= learning_starts:  # the mistake: train_every ignored\n",
    ),
]
