"""Probes of Part 4, Deep Q-learning (`dqn.py`).

The loss and target-update probes use small stand-in networks of their own (not the lecture's),
so `dqn_loss` is graded apart from `QNetwork`, and no reference network sits in the sandbox.
Minibatches are real Atari-lite transitions from a seeded random policy. The training loops get
an env that steps in the grader (env_host.py), and every output is raw (protocol.py: the rule).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from autograder.sandbox.probes.common import ContractError, returns_list
from autograder.sandbox.protocol import SAMPLE_DTYPES


class Batch(NamedTuple):
    """The minibatch fields `ReplayBuffer.sample` returns, in the contract's order."""

    obs: object
    actions: object
    rewards: object
    next_obs: object
    terminated: object


def _torch():
    import torch

    torch.set_num_threads(1)
    return torch


def _fill_parameters(net, seed: int) -> list:
    """Seeded weights for every parameter, by registration order and shape; returns the shapes."""
    torch = _torch()
    shapes = []
    with torch.no_grad():
        for i, parameter in enumerate(net.parameters()):
            fan_in = int(np.prod(parameter.shape[1:])) if parameter.dim() > 1 else 16
            rng = np.random.default_rng(seed + i)
            values = rng.normal(0.0, 1.0 / np.sqrt(fan_in), size=tuple(parameter.shape))
            parameter.copy_(torch.as_tensor(values, dtype=parameter.dtype))
            shapes.append(tuple(parameter.shape))
    return shapes


def _as_tensor_output(value, what: str, shape: tuple):
    torch = _torch()
    if not isinstance(value, torch.Tensor):
        raise ContractError(f"{what} returned a {type(value).__name__}; return a torch tensor")
    if tuple(value.shape) != shape:
        raise ContractError(f"{what} returned shape {tuple(value.shape)}; expected {shape}")
    return value


def network(dqn, case):
    """QNetwork's parameter shapes, parameter count and forward output with weights we load."""
    torch = _torch()
    C, A, F = case["in_channels"], case["num_actions"], case["frame_size"]
    torch.manual_seed(0)
    net = dqn.QNetwork(C, A, frame_size=F)
    if not isinstance(net, torch.nn.Module):
        raise ContractError("QNetwork must be a torch.nn.Module")
    shapes = _fill_parameters(net, case["seed"])
    width = max(len(s) for s in shapes) if shapes else 1
    table = np.array([list(s) + [0] * (width - len(s)) for s in shapes] or [[0]], dtype=np.int64)
    frames = np.random.default_rng(case["seed"]).integers(0, 256, size=(3, C, F, F))
    try:
        with torch.no_grad():
            q_uint8 = net(torch.as_tensor(frames, dtype=torch.uint8))
            q_float = net(torch.as_tensor(frames, dtype=torch.float32))
    except RuntimeError as error:  # layer sizes that do not fit together
        raise ContractError(
            f"QNetwork({C}, {A}, frame_size={F}) failed on a batch of shape (3, {C}, {F}, {F}):"
            f" {str(error).splitlines()[0]}. The layers must be the lecture's (16 8x8 conv "
            "stride 4, 32 4x4 conv stride 2, FC-256, FC-actions), with FC-256's input size "
            "computed from frame_size (32 * 9 * 9 = 2592 on 84x84 frames)."
        ) from None
    q_uint8 = _as_tensor_output(q_uint8, "QNetwork.forward", (3, A))
    return {
        "parameter_shapes": table,
        "q_values": q_uint8.detach().numpy().astype(np.float64),
        "q_values_float_input": q_float.detach().numpy().astype(np.float64),
    }


def _transitions(case, count: int):
    """Real Atari-lite transitions: (obs, action, reward, next_obs, terminated, truncated)."""
    import gymnasium

    import envs.atari_lite  # noqa: F401  (registers the games)
    from envs.atari_lite import FrameStack

    env = FrameStack(
        gymnasium.make(
            case["game"],
            frame_size=case["frame_size"],
            max_episode_steps=case.get("max_episode_steps", 30),
        ),
        4,
    )
    rng = np.random.default_rng(case["seed"])
    obs, _ = env.reset(seed=case["seed"])
    rows = []
    while len(rows) < count:
        action = int(rng.integers(env.action_space.n))
        next_obs, reward, terminated, truncated, _ = env.step(action)
        rows.append((obs, action, float(reward), next_obs, bool(terminated), bool(truncated)))
        obs = env.reset()[0] if terminated or truncated else next_obs
    return rows, int(env.action_space.n)


class _StandIn:
    """A small Q-network of the probe's own: conv 4->4 (5x5, stride 5), then linear to A."""

    @staticmethod
    def make(in_channels, num_actions, frame_size, seed):
        torch = _torch()
        side = (frame_size - 5) // 5 + 1
        net = torch.nn.Sequential(
            torch.nn.Conv2d(in_channels, 4, kernel_size=5, stride=5),
            torch.nn.ReLU(),
            torch.nn.Flatten(),
            torch.nn.Linear(4 * side * side, num_actions),
        )
        _fill_parameters(net, seed)

        class Scaled(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.body = net

            def forward(self, x):
                return self.body(x.float() / 255.0)

        return Scaled()


def loss(dqn, case):
    """dqn_loss's value and its gradient on every q_net parameter; nothing may reach the target."""
    torch = _torch()
    rows, num_actions = _transitions(case, case["batch_size"])
    if case.get("all_terminal"):
        rows = [(o, a, r, n, True, False) for o, a, r, n, _, _ in rows]
    batch = Batch(
        obs=torch.as_tensor(np.stack([r[0] for r in rows]), dtype=torch.uint8),
        actions=torch.as_tensor([r[1] for r in rows], dtype=torch.int64),
        rewards=torch.as_tensor([r[2] for r in rows], dtype=torch.float32),
        next_obs=torch.as_tensor(np.stack([r[3] for r in rows]), dtype=torch.uint8),
        # A time-limit truncation is stored as not terminated: it still bootstraps.
        terminated=torch.as_tensor([float(r[4]) for r in rows], dtype=torch.float32),
    )
    q_net = _StandIn.make(4, num_actions, case["frame_size"], case["seed"])
    target_net = _StandIn.make(4, num_actions, case["frame_size"], case["seed"] + 100)
    value = dqn.dqn_loss(q_net, target_net, batch, case["gamma"])
    value = _as_tensor_output(value, "dqn_loss", ())
    if not value.requires_grad:
        raise ContractError(
            "dqn_loss returned a tensor without a gradient: compute it from "
            "q_net(obs) without .detach() or torch.no_grad() on that side"
        )
    value.backward()
    return {
        "loss": np.array(float(value.detach())),
        "gradient": _flat(q_net, grads=True),
        # Raw: what reached the target network (the reference: nothing) and its weights
        # after the call (the reference: unchanged). The grader compares both.
        "target_gradient": _flat(target_net, grads=True),
        "target_weights_after": _flat(target_net),
    }


def _flat(net, *, grads: bool = False) -> np.ndarray:
    """Every parameter (or its gradient, zero where there is none) in one float64 vector."""
    torch = _torch()
    parts = []
    for parameter in net.parameters():
        value = parameter.grad if grads else parameter
        if value is None:
            value = torch.zeros_like(parameter)
        parts.append(value.detach().flatten().double())
    return torch.cat(parts).numpy() if parts else np.zeros(0)


def target_update(dqn, case):
    """The target's weights right after update_target, and again after q_net changes."""
    torch = _torch()
    q_net = _StandIn.make(4, 3, 20, case["seed"])
    target_net = _StandIn.make(4, 3, 20, case["seed"] + 1)
    dqn.update_target(q_net, target_net)
    after_copy = _flat(target_net)
    with torch.no_grad():
        for parameter in q_net.parameters():
            parameter.add_(1.0)
    return {"target_after_copy": after_copy, "target_after_q_net_changes": _flat(target_net)}


def replay_buffer(dqn, case):
    """len(buffer), and every field of many samples as raw numbers: each stored transition i
    carries i in every pixel of obs, i + 1 in next_obs, action i % 3, reward i and the flag
    i % 4 == 0, so the grader can tell which slot every sampled row came from."""
    torch = _torch()
    capacity, shape = case["capacity"], tuple(case["obs_shape"])

    def filled(seed):
        buffer = dqn.ReplayBuffer(capacity, shape, seed)
        for i in range(case["adds"]):
            obs = np.full(shape, i, dtype=np.uint8)
            buffer.add(obs, i % 3, float(i), np.full(shape, i + 1, dtype=np.uint8), i % 4 == 0)
        return buffer

    def rows(buffer):
        fields = {"obs": [], "actions": [], "rewards": [], "next_obs": [], "terminated": []}
        codes = []
        for _ in range(case["samples"]):
            batch = buffer.sample(case["batch_size"])
            for field in fields:
                value = getattr(batch, field, None)
                if not isinstance(value, torch.Tensor):
                    raise ContractError(
                        f"ReplayBuffer.sample(...).{field} must be a torch "
                        f"tensor, got {type(value).__name__}"
                    )
                name = str(value.dtype).removeprefix("torch.")
                codes.append(SAMPLE_DTYPES.index(name) if name in SAMPLE_DTYPES else -1)
                flat = value.detach().reshape(len(value), -1).double().numpy()
                fields[field].append(flat[:, 0] if field.endswith("obs") else flat.ravel())
        return {name: np.concatenate(parts) for name, parts in fields.items()}, codes

    buffer = filled(case["seed"])
    size = len(buffer)
    first, codes = rows(buffer)
    again, _ = rows(filled(case["seed"]))
    return {
        "len": np.array(size, dtype=np.int64),
        **{f"sampled_{name}": values for name, values in first.items()},
        "resampled_obs": again["obs"],
        "dtype_codes": np.array(codes, dtype=np.int64),
    }


def epsilon_schedule(dqn, case):
    steps = case["steps"]
    values = [
        float(dqn.epsilon_at(step, case["start"], case["end"], case["decay_steps"]))
        for step in steps
    ]
    return {"epsilon": np.array(values)}


def train_transitions(dqn, case, env):
    """A short train_dqn run on an env that steps in the grader: every ReplayBuffer.add call,
    raw. The grader compares them with its own record of the env's steps.

    The probe swaps the module's ReplayBuffer for a subclass that records every add, so the
    student's own buffer still stores and samples.
    """
    base = getattr(dqn, "ReplayBuffer", None)
    if not isinstance(base, type):
        raise ContractError("dqn.py must define the class ReplayBuffer")
    added = []

    class Recording(base):
        def add(self, obs, action, reward, next_obs, terminated, *args, **kwargs):
            added.append(
                (
                    np.array(obs, dtype=np.float64),
                    int(action),
                    float(reward),
                    np.array(next_obs, dtype=np.float64),
                    float(bool(terminated)),
                )
            )
            return super().add(obs, action, reward, next_obs, terminated, *args, **kwargs)

    dqn.ReplayBuffer = Recording
    try:
        dqn.train_dqn(
            env,
            case["num_steps"],
            seed=case["seed"],
            progress=False,
            **case.get("hyperparameters", {}),
        )
    finally:
        dqn.ReplayBuffer = base
    shape = tuple(env.observation_space.shape)
    return {
        "added_obs": np.array([a[0] for a in added]).reshape(-1, *shape),
        "added_actions": np.array([a[1] for a in added], dtype=np.int64),
        "added_rewards": np.array([a[2] for a in added], dtype=np.float64),
        "added_next_obs": np.array([a[3] for a in added]).reshape(-1, *shape),
        "added_terminated": np.array([a[4] for a in added], dtype=np.float64),
    }


def train(dqn, case, env):
    """train_dqn within a fixed step budget on an env that steps in the grader. The returns it
    reports are kept only to say whether they agree with the grader's record."""
    returns = dqn.train_dqn(
        env, case["num_steps"], seed=case["seed"], progress=False, **case.get("hyperparameters", {})
    )
    return {"reported_returns": returns_list(returns, "train_dqn")}
