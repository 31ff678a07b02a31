"""s is never advanced: every update is made at the episode's first state."""

PART = "td"
NAME = "loop: never advances s"
CAUGHT_BY = ["td.evaluate"]
TOLD = "then move on to s = s_next"
SUBSTITUTE = [("            s = s_next\n", "")]
