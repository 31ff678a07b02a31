"""td0_update returns the updated V instead of the TD error.

A read-back refusal (a wrong type) carries no output to compare, so no bank entry can name it;
the message says what is wrong."""

PART = "td"
NAME = "td0_update returns V"
CAUGHT_BY = ["td.update_stream"]
TOLD = "td0_update returned a ndarray; return a number (float)"
SUBSTITUTE = [("    return float(delta)\n", "    return V  # the mistake\n")]
