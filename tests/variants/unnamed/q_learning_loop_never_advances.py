"""s is never advanced: every update is made at the episode's first state."""

PART = "q_learning"
NAME = "loop: never advances s"
CAUGHT_BY = ["q_learning.learning"]
TOLD = "then move on to s = s_next"
SUBSTITUTE = [("            s = s_next\n", "")]
