"""QNetwork.forward returns the Q-values with a singleton axis left in: (B, 1, A), not (B, A).

A probe's contract error stops the case before any output is compared, so no bank entry can
name it; the message says what is wrong."""

PART = "dqn"
NAME = "forward returns (B, 1, A) Q-values"
CAUGHT_BY = ["dqn.network"]
TOLD = "QNetwork.forward returned shape (3, 1, 4); expected (3, 4)"
SUBSTITUTE = [
    (
        "        return self.head(x)\n",
        "        return self.head(x).unsqueeze(1)  # the mistake: (B, 1, A)\n",
    )
]
