# target: greedy_policy
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
def greedy_policy(Q):
    import torch

    return torch.tensor(np.argmax(Q, axis=1), dtype=torch.float32, requires_grad=True)
