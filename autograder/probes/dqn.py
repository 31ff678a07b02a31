"""Probes of Part 4, Deep Q-learning (`dqn.py`).

The loss and target-update probes use small stand-in networks of their own (not the lecture's),
so `dqn_loss` is graded apart from `QNetwork`, and no reference network sits in the sandbox.
Minibatches are real Atari-lite transitions from a seeded random policy.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from autograder.probes.common import ContractError, recording


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
            "computed from frame_size (32 * 9 * 9 = 2592 on 84x84 frames).") from None
    q_uint8 = _as_tensor_output(q_uint8, "QNetwork.forward", (3, A))
    return {"parameter_shapes": table,
            "num_parameters": np.array(sum(int(np.prod(s)) for s in shapes)),
            "q_values": q_uint8.detach().numpy().astype(np.float64),
            "q_values_float_input": q_float.detach().numpy().astype(np.float64)}


def _transitions(case, count: int):
    """Real Atari-lite transitions: (obs, action, reward, next_obs, terminated, truncated)."""
    import gymnasium

    import envs.atari_lite  # noqa: F401  (registers the games)
    from envs.atari_lite import FrameStack

    env = FrameStack(gymnasium.make(case["game"], frame_size=case["frame_size"],
                                    max_episode_steps=case.get("max_episode_steps", 30)), 4)
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
            torch.nn.Conv2d(in_channels, 4, kernel_size=5, stride=5), torch.nn.ReLU(),
            torch.nn.Flatten(), torch.nn.Linear(4 * side * side, num_actions))
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
    before = [p.detach().clone() for p in target_net.parameters()]
    value = dqn.dqn_loss(q_net, target_net, batch, case["gamma"])
    value = _as_tensor_output(value, "dqn_loss", ())
    if not value.requires_grad:
        raise ContractError("dqn_loss returned a tensor without a gradient: compute it from "
                            "q_net(obs) without .detach() or torch.no_grad() on that side")
    value.backward()
    grads = [p.grad if p.grad is not None else torch.zeros_like(p) for p in q_net.parameters()]
    target_grad = sum(float(p.grad.abs().sum()) for p in target_net.parameters()
                      if p.grad is not None)
    target_moved = sum(float((p.detach() - b).abs().sum())
                       for p, b in zip(target_net.parameters(), before, strict=True))
    return {"loss": np.array(float(value.detach())),
            "gradient": torch.cat([g.flatten() for g in grads]).double().numpy(),
            "target_gradient": np.array(target_grad + target_moved)}


def target_update(dqn, case):
    """After update_target the networks agree; after q_net changes, the target must not."""
    torch = _torch()
    q_net = _StandIn.make(4, 3, 20, case["seed"])
    target_net = _StandIn.make(4, 3, 20, case["seed"] + 1)
    dqn.update_target(q_net, target_net)

    def distance():
        return sum(float((p - t).abs().sum())
                   for p, t in zip(q_net.parameters(), target_net.parameters(), strict=True))

    after_copy = distance()
    with torch.no_grad():
        for parameter in q_net.parameters():
            parameter.add_(1.0)
    moved = distance() / sum(p.numel() for p in q_net.parameters())
    return {"distance_after_copy": np.array(after_copy),
            "distance_after_q_net_changes": np.array(moved)}


def replay_buffer(dqn, case):
    """Wrap-around, sampling only filled slots, dtypes, and seeded determinism."""
    torch = _torch()
    capacity, shape = case["capacity"], tuple(case["obs_shape"])

    def filled(seed):
        buffer = dqn.ReplayBuffer(capacity, shape, seed)
        for i in range(case["adds"]):
            # Each transition carries its index in every pixel, its action, reward and flag.
            obs = np.full(shape, i, dtype=np.uint8)
            buffer.add(obs, i % 3, float(i), np.full(shape, i + 1, dtype=np.uint8), i % 4 == 0)
        return buffer

    buffer = filled(case["seed"])
    sizes = np.array(len(buffer))
    draws = [buffer.sample(case["batch_size"]) for _ in range(case["samples"])]
    again = filled(case["seed"])
    repeat = [again.sample(case["batch_size"]) for _ in range(case["samples"])]
    dtypes = []
    for field, wanted in (("obs", torch.uint8), ("actions", torch.int64),
                          ("rewards", torch.float32), ("next_obs", torch.uint8),
                          ("terminated", torch.float32)):
        value = getattr(draws[0], field, None)
        if not isinstance(value, torch.Tensor):
            raise ContractError(f"ReplayBuffer.sample(...).{field} must be a torch tensor, got "
                                f"{type(value).__name__}")
        dtypes.append(int(value.dtype == wanted))
    ids = np.concatenate([d.obs.reshape(len(d.obs), -1)[:, 0].numpy() for d in draws])
    consistent = np.concatenate([
        (d.rewards.numpy() == d.obs.reshape(len(d.obs), -1)[:, 0].numpy())
        & (d.next_obs.reshape(len(d.obs), -1)[:, 0].numpy() == d.obs.reshape(len(d.obs), -1)[:, 0]
           .numpy() + 1) for d in draws])
    # A stored next_obs holds i + 1 >= 1 everywhere: an all-zero one is a slot never written.
    empty = sum(int((d.next_obs.reshape(len(d.next_obs), -1) == 0).all(dim=1).sum())
                for d in draws)
    same = all(torch.equal(a.obs, b.obs) for a, b in zip(draws, repeat, strict=True))
    return {"len": sizes, "sampled_ids": ids.astype(np.int64), "rows_consistent":
            np.array(bool(consistent.all())), "dtypes_ok": np.array(dtypes, dtype=np.int64),
            "seeded_repeat": np.array(bool(same)), "empty_slot_draws": np.array(empty)}


def epsilon_schedule(dqn, case):
    steps = case["steps"]
    values = [float(dqn.epsilon_at(step, case["start"], case["end"], case["decay_steps"]))
              for step in steps]
    return {"epsilon": np.array(values)}


def train_transitions(dqn, case):
    """A short train_dqn run: what it passes to ReplayBuffer.add against what the env returned.

    The probe swaps the module's ReplayBuffer for a subclass that records every add, so the
    student's own buffer still stores and samples.
    """
    import gymnasium

    import envs.atari_lite  # noqa: F401
    from envs.atari_lite import FrameStack

    base = getattr(dqn, "ReplayBuffer", None)
    if not isinstance(base, type):
        raise ContractError("dqn.py must define the class ReplayBuffer")
    added = []

    class Recording(base):
        def add(self, obs, action, reward, next_obs, terminated, *args, **kwargs):
            added.append((np.array(obs), int(action), float(reward), np.array(next_obs),
                          bool(terminated)))
            return super().add(obs, action, reward, next_obs, terminated, *args, **kwargs)

    env = recording(FrameStack(gymnasium.make(
        case["game"], frame_size=case["frame_size"],
        max_episode_steps=case["max_episode_steps"]), 4))
    dqn.ReplayBuffer = Recording
    try:
        dqn.train_dqn(env, case["num_steps"], seed=case["seed"], progress=False,
                      **case.get("hyperparameters", {}))
    finally:
        dqn.ReplayBuffer = base
    pairs = list(zip(env.steps, added, strict=False))  # counts compared apart
    truncations = [s[5] and not s[4] for s, _ in pairs]

    def count(condition):
        return np.array(sum(1 for (step, stored), cut in zip(pairs, truncations, strict=True)
                            if condition(step, stored, cut)), dtype=np.int64)

    return {
        "env_steps": np.array(len(env.steps), dtype=np.int64),
        "adds": np.array(len(added), dtype=np.int64),
        "obs_differs": count(lambda step, stored, _: not np.array_equal(step[0], stored[0])),
        "action_differs": count(lambda step, stored, _: step[1] != stored[1]),
        "reward_differs": count(lambda step, stored, _: step[2] != stored[2]),
        "next_obs_differs": count(lambda step, stored, _: not np.array_equal(step[3], stored[3])),
        "terminal_flag_on_truncation": count(lambda step, stored, cut: cut and stored[4]),
        "terminal_flag_differs": count(lambda step, stored, cut: not cut and stored[4] != step[4]),
    }


def train(dqn, case):
    """train_dqn on an Atari-lite game within a fixed step budget; the episode returns."""
    import gymnasium

    import envs.atari_lite  # noqa: F401
    from envs.atari_lite import FrameStack

    env = FrameStack(gymnasium.make(case["game"], frame_size=case["frame_size"],
                                    **case.get("game_kwargs", {})), 4)
    returns = dqn.train_dqn(env, case["num_steps"], seed=case["seed"], progress=False,
                            **case.get("hyperparameters", {}))
    returns = np.asarray(list(returns), dtype=np.float64)
    if returns.ndim != 1 or len(returns) == 0:
        raise ContractError("train_dqn must return the list of episode returns (one float per "
                            f"finished episode); got {len(returns)} values")
    return {"returns": returns}
