"""train_reinforce never zeroes the gradients: each step adds every earlier iteration's."""

PART = "reinforce"
NAME = "loop: gradients never zeroed"
CAUGHT_BY = ["reinforce.train_update"]
TOLD = "call optimizer.zero_grad()"
SUBSTITUTE = [("        optimizer.zero_grad()\n        loss.backward()", "        loss.backward()")]
