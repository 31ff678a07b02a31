"""train_dqn never zeroes the gradients: every step uses the sum of all losses so far."""

PART = "dqn"
NAME = "gradients never zeroed"
EXPLANATION = (
    "Your train_dqn calls loss.backward() without optimizer.zero_grad(), so the "
    "gradients of every earlier minibatch are summed into each step: zero them before "
    "each backward pass."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        "            optimizer.zero_grad()\n",
        "",
    ),
]
