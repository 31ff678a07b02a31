"""Every episode starts from the same seeded reset: one start state's trajectory, over again."""

PART = "td"
NAME = "loop: same seed at every reset"
CAUGHT_BY = ["td.evaluate"]
SUBSTITUTE = [("            s, _ = env.reset()\n", "            s, _ = env.reset(seed=seed)\n")]
