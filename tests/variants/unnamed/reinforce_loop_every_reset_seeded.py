"""train_reinforce seeds every env.reset: every episode after the first starts the same way."""

PART = "reinforce"
NAME = "loop: every reset seeded"
CAUGHT_BY = ["reinforce.train_update"]
TOLD = "every later one with env.reset() (no seed)"
SUBSTITUTE = [("            obs, _ = env.reset()\n", "            obs, _ = env.reset(seed=seed)\n")]
