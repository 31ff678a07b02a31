"""QNetwork.forward returns float64 Q-values (a .double() on the output)."""

PART = "dqn"
NAME = "QNetwork.forward in float64"
CAUGHT_BY = ["dqn.network"]
TOLD = "QNetwork.forward returned a float64 tensor; return float32"


class QNetwork(QNetwork):
    def forward(self, x):
        return super().forward(x).double()  # the mistake
