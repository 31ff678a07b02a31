"""train_dqn never calls torch.manual_seed(seed): its networks differ on every run."""

PART = "dqn"
NAME = "torch not seeded"
EXPLANATION = (
    "Your train_dqn builds its networks without torch.manual_seed(seed) first, so two "
    "runs with the same seed start from different weights: seed torch, then build "
    "Q_new and Q_old."
)
CAUGHT_BY = ["dqn.train_steps"]
SUBSTITUTE = [
    (
        "    torch.manual_seed(seed)\n",
        "",
    ),
]
