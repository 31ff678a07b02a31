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


def _as_tensor_output(value, what: str, shape: tuple, float32: bool = False):
    torch = _torch()
    if not isinstance(value, torch.Tensor):
        raise ContractError(f"{what} returned a {type(value).__name__}; return a torch tensor")
    if tuple(value.shape) != shape:
        raise ContractError(f"{what} returned shape {tuple(value.shape)}; expected {shape}")
    if float32 and value.dtype != torch.float32:
        raise ContractError(
            f"{what} returned a {str(value.dtype).removeprefix('torch.')} tensor; return float32, "
            "the dtype of the network's own weights (no .double() or .half())"
        )
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
    q_uint8 = _as_tensor_output(q_uint8, "QNetwork.forward", (3, A), float32=True)
    found = {
        "parameter_shapes": table,
        "q_values": q_uint8.detach().numpy().astype(np.float64),
        "q_values_float_input": q_float.detach().numpy().astype(np.float64),
    }
    if "too_small" in case:  # frames below the smallest size: what QNetwork raised, raw
        found["too_small_raised"], found["too_small_message"] = _raised(
            lambda: dqn.QNetwork(C, A, frame_size=case["too_small"])
        )
    return found


MESSAGE_CHARS = 400  # an exception's message travels as this many code points (0-padded)


def _raised(call) -> tuple:
    """What call() raised, raw: 0 nothing, 1 a ValueError, 2 another exception; and the
    message's first code points."""
    try:
        call()
    except ValueError as error:
        code, text = 1, str(error)
    except Exception as error:  # noqa: BLE001 - what the student raised is data
        code, text = 2, str(error)
    else:
        code, text = 0, ""
    message = np.zeros(MESSAGE_CHARS, dtype=np.int64)
    points = [ord(c) for c in text[:MESSAGE_CHARS]]
    message[: len(points)] = points
    return np.array(code, dtype=np.int64), message


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
        "losses_when_varied": _varied_losses(dqn, case),
        "loss": np.array(float(value.detach())),
        "gradient": _flat(q_net, grads=True),
        # Raw: what reached the target network (the reference: nothing) and its weights
        # after the call (the reference: unchanged). The grader compares both.
        "target_gradient": _flat(target_net, grads=True),
        "target_weights_after": _flat(target_net),
    }


class _Lookup:
    """A Q-network of the probe's own that looks its Q-values up by row id: every pixel of a
    frame holds its id, so the grader knows every Q-value dqn_loss sees, whatever the order or
    the batching of its calls."""

    @staticmethod
    def make(table):
        torch = _torch()

        class Lookup(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.table = torch.nn.Parameter(torch.as_tensor(table, dtype=torch.float32))

            def forward(self, x):
                return self.table[x.reshape(len(x), -1)[:, 0].long()]

        return Lookup()


# Row ids of phi_j and phi_{j+1} in the lookup networks' frames.
NEXT_ID = 100


def varied_inputs(seed: int, batch_size: int = 8, num_actions: int = 3) -> list:
    """The one-input-at-a-time variations of dqn_loss's inputs, as plain numpy data: the probe
    feeds them to the student's dqn_loss, and the grader reads what each one must do to the
    loss (grade/properties/dqn.py). Each is (Q_new table, Q_old table, rewards, terminated,
    gamma, rows), the tables indexed by row id; `rows` repeats the minibatch's rows."""
    B, A = batch_size, num_actions
    rng = np.random.default_rng(seed + 500)
    actions = rng.integers(A, size=B)
    rewards = rng.uniform(-1.0, 1.0, size=B)
    mixed = (np.arange(B) % 3 == 0).astype(float)
    q_new = np.zeros((256, A))
    q_new[:B] = rng.normal(0.0, 1.0, size=(B, A))
    q_new[NEXT_ID : NEXT_ID + B] = rng.normal(0.0, 1.0, size=(B, A))
    q_old = np.zeros((256, A))
    q_old[NEXT_ID : NEXT_ID + B] = rng.normal(0.0, 1.0, size=(B, A))
    rows = np.arange(B)

    def taken(table, values):
        table = table.copy()
        table[rows, actions] = values
        return table

    others = q_new.copy()  # the actions not taken, raised above every other value
    others[:B] += 3.0
    others[rows, actions] = q_new[rows, actions]
    quiet = np.zeros((256, A))  # Q_old and Q_new(phi_{j+1}) all zero: the target is r_j
    quiet_new = np.zeros((256, A))
    delta = rng.uniform(1.5, 3.0, size=B) * rng.choice([-1.0, 1.0], size=B)
    shifted = q_old + 2.0  # every Q_old value changed, its max too
    lowered = q_old.copy()  # Q_old's non-maximal values lowered, the max kept
    best = np.argmax(q_old[NEXT_ID : NEXT_ID + B], axis=1)
    lowered[NEXT_ID : NEXT_ID + B] -= 1.0
    lowered[NEXT_ID + rows, best] = q_old[NEXT_ID + rows, best]
    moved_next = q_new.copy()  # Q_new's values on phi_{j+1} changed
    moved_next[NEXT_ID : NEXT_ID + B] += 2.0
    at_rewards = taken(quiet_new, rewards)
    at_rewards_with_future = taken(q_new, rewards)
    ones, zeros = np.ones(B), np.zeros(B)
    return [
        (q_new, q_old, rewards, mixed, 0.5, rows, actions),  # 0 the base
        (others, q_old, rewards, mixed, 0.5, rows, actions),  # 1 other actions' Q_new
        (at_rewards, quiet, rewards, mixed, 0.5, rows, actions),  # 2 Q_new = target
        (taken(quiet_new, rewards + delta), quiet, rewards, mixed, 0.5, rows, actions),  # 3
        (taken(quiet_new, rewards + 2 * delta), quiet, rewards, mixed, 0.5, rows, actions),  # 4
        (
            taken(quiet_new, rewards + delta),
            quiet,
            rewards,
            mixed,
            0.5,
            np.concatenate([rows, rows]),
            actions,
        ),  # 5 the minibatch twice
        (q_new, q_old, rewards, ones, 0.5, rows, actions),  # 6 all terminated
        (q_new, shifted, rewards, ones, 0.5, rows, actions),  # 7 ... another Q_old
        (q_new, q_old, rewards, zeros, 0.5, rows, actions),  # 8 none terminated
        (moved_next, q_old, rewards, zeros, 0.5, rows, actions),  # 9 ... Q_new(phi_{j+1})
        (q_new, lowered, rewards, zeros, 0.5, rows, actions),  # 10 ... non-max Q_old
        (at_rewards_with_future, q_old, rewards, zeros, 0.0, rows, actions),  # 11 gamma 0
        (at_rewards_with_future, q_old, rewards, zeros, 0.3, rows, actions),  # 12 gamma
        (at_rewards_with_future, q_old, rewards, zeros, 0.6, rows, actions),  # 13 2 gamma
    ]


def _varied_losses(dqn, case) -> np.ndarray:
    """dqn_loss on each variation of varied_inputs, raw (NaN where it did not return a number:
    the grader's read-back refuses NaN, so a failure shows as a plain value mismatch)."""
    torch = _torch()
    found = []
    for q_new, q_old, rewards, terminated, gamma, rows, actions in varied_inputs(case["seed"]):
        frames = np.broadcast_to(rows[:, None, None, None], (len(rows), 1, 2, 2))
        batch = Batch(
            obs=torch.as_tensor(np.ascontiguousarray(frames), dtype=torch.uint8),
            actions=torch.as_tensor(actions[rows], dtype=torch.int64),
            rewards=torch.as_tensor(rewards[rows], dtype=torch.float32),
            next_obs=torch.as_tensor(np.ascontiguousarray(frames) + NEXT_ID, dtype=torch.uint8),
            terminated=torch.as_tensor(terminated[rows], dtype=torch.float32),
        )
        value = dqn.dqn_loss(_Lookup.make(q_new), _Lookup.make(q_old), batch, gamma)
        value = _as_tensor_output(value, "dqn_loss", ())
        found.append(float(value.detach()))
    return np.array(found)


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

    empty = {}
    if case.get("empty_sample"):  # sample() before any add: what it raised, raw
        empty["empty_sample_raised"] = _raised(
            lambda: dqn.ReplayBuffer(capacity, shape, case["seed"]).sample(case["batch_size"])
        )[0]
    buffer = filled(case["seed"])
    size = len(buffer)
    first, codes = rows(buffer)
    again, _ = rows(filled(case["seed"]))
    return {
        "len": np.array(size, dtype=np.int64),
        **{f"sampled_{name}": values for name, values in first.items()},
        "resampled_obs": again["obs"],
        "dtype_codes": np.array(codes, dtype=np.int64),
        **empty,
    }


def epsilon_schedule(dqn, case):
    steps = case["steps"]
    values = [
        float(dqn.epsilon_at(step, case["start"], case["end"], case["decay_steps"]))
        for step in steps
    ]
    return {"epsilon": np.array(values)}


def train_transitions(dqn, case, env):
    """A short train_dqn run on an env that steps in the grader: every ReplayBuffer.add call and
    the returns it returned, raw. The grader compares them with its own record of the env's steps.

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
        returns = dqn.train_dqn(
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
        "reported_returns": returns_list(returns, "train_dqn"),
    }


def train(dqn, case, env):
    """train_dqn within a fixed step budget on an env that steps in the grader. The returns it
    reports are kept only to say whether they agree with the grader's record."""
    returns = dqn.train_dqn(
        env, case["num_steps"], seed=case["seed"], progress=False, **case.get("hyperparameters", {})
    )
    return {"reported_returns": returns_list(returns, "train_dqn")}


# -- train_dqn, watched step by step ---------------------------------------------------------
OPTIMIZERS = ("Adam", "RMSprop")  # an optimizer's class travels as its index here (-1: other)
WATCHED_NETS = 4  # Q-values and weights are recorded for the first few QNetworks built
_FINGERPRINT_SEED = 2026


def _fingerprint(tensors, width: int = 2) -> list:
    """Raw weights (or gradients) in a few numbers: their projections on fixed random vectors.
    Linear, so gradients that were summed have summed fingerprints."""
    torch = _torch()
    flat = [t.detach().reshape(-1).double() for t in tensors]
    vector = torch.cat(flat) if flat else torch.zeros(0, dtype=torch.float64)
    if not vector.numel():
        return [0.0] * width
    key = (width, vector.numel())
    if key not in _DIRECTIONS:
        rng = np.random.default_rng(_FINGERPRINT_SEED)
        _DIRECTIONS[key] = torch.as_tensor(rng.normal(size=key))
    return (_DIRECTIONS[key] @ vector).tolist()


_DIRECTIONS: dict = {}


def train_steps(dqn, case, env):
    """A short train_dqn run, watched at every env step: the Q-values every QNetwork it built
    gives phi_t and their weights (fingerprints), every ReplayBuffer.sample, every dqn_loss call
    (which networks, their weights, the batch size, gamma and the loss's gradient on Q_new) and
    every optimizer step (which optimizer, its lr and the gradient it stepped with). Raw: the
    grader works out from its own env record what Algorithm 1 must have done at each step.

    The module's QNetwork, ReplayBuffer and dqn_loss are swapped for recording versions of the
    student's own; the optimizers are watched through torch's global step hook."""
    torch = _torch()
    from torch.optim.optimizer import register_optimizer_step_pre_hook

    q_base = getattr(dqn, "QNetwork", None)
    buffer_base = getattr(dqn, "ReplayBuffer", None)
    loss_base = getattr(dqn, "dqn_loss", None)
    if not isinstance(q_base, type) or not isinstance(buffer_base, type):
        raise ContractError("dqn.py must define the classes QNetwork and ReplayBuffer")
    if not callable(loss_base):
        raise ContractError("dqn.py must define the function dqn_loss")
    nets, net_seeds, net_steps = [], [], []
    steps = [0]  # env.step calls so far: an event during step t sees t + 1
    record = {key: [] for key in ("q", "weights", "nets", "resets")}
    samples, losses, updates, optimizers, buffer_seeds = [], [], [], [], []

    def register(net):
        if not any(net is known for known in nets):
            nets.append(net)
            net_seeds.append(torch.initial_seed() % 2**63)
            net_steps.append(steps[0])

    def index(net) -> int:
        return next((i for i, known in enumerate(nets) if known is net), -1)

    class WatchedQNetwork(q_base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            register(self)

        def __setstate__(self, state):  # copy.deepcopy(q_net) builds no __init__
            super().__setstate__(state)
            register(self)

    class WatchedBuffer(buffer_base):
        def __init__(self, *args, **kwargs):
            seed = kwargs.get("seed", args[2] if len(args) > 2 else None)
            buffer_seeds.append(int(seed) if isinstance(seed, (int, np.integer)) else -1)
            super().__init__(*args, **kwargs)

        def sample(self, batch_size, *args, **kwargs):
            samples.append((steps[0], int(batch_size)))
            return super().sample(batch_size, *args, **kwargs)

    def watched_loss(q_net, target_net, batch, gamma, *args, **kwargs):
        value = loss_base(q_net, target_net, batch, gamma, *args, **kwargs)
        gradient = [0.0, 0.0]
        if (
            isinstance(value, torch.Tensor)
            and value.requires_grad
            and isinstance(q_net, torch.nn.Module)
        ):
            parameters = list(q_net.parameters())
            grads = torch.autograd.grad(value, parameters, retain_graph=True, allow_unused=True)
            gradient = _fingerprint(
                [
                    torch.zeros_like(p) if g is None else g
                    for p, g in zip(parameters, grads, strict=True)
                ]
            )
        actions = getattr(batch, "actions", None)
        losses.append(
            (
                steps[0],
                index(q_net),
                index(target_net),
                *(
                    _fingerprint(net.parameters() if isinstance(net, torch.nn.Module) else ())
                    for net in (q_net, target_net)
                ),
                len(actions) if actions is not None else -1,
                float(gamma),
                gradient,
            )
        )
        return value

    def before_step(optimizer, args, kwargs):
        if not any(optimizer is known for known in optimizers):
            optimizers.append(optimizer)
        parameters = [p for group in optimizer.param_groups for p in group["params"]]
        owner = next(
            (
                i
                for i, net in enumerate(nets)
                if {id(p) for p in net.parameters()} == {id(p) for p in parameters}
            ),
            -1,
        )
        grads = [
            torch.zeros_like(p) if p.grad is None else p.grad
            for p in (nets[owner].parameters() if owner >= 0 else ())
        ]
        kind = type(optimizer).__name__
        updates.append(
            (
                steps[0],
                next(i for i, known in enumerate(optimizers) if known is optimizer),
                float(optimizer.param_groups[0].get("lr", -1.0)),
                OPTIMIZERS.index(kind) if kind in OPTIMIZERS else -1,
                owner,
                _fingerprint(grads),
            )
        )

    current = [None]
    remote_step, remote_reset = env.step, env.reset

    def step(action):
        watched = nets[:WATCHED_NETS]
        q_values = np.zeros((WATCHED_NETS, int(env.action_space.n)))
        weights = np.zeros((WATCHED_NETS, 2))
        if current[0] is not None:
            frames = torch.as_tensor(np.asarray(current[0]))[None]
            with torch.no_grad():
                for i, net in enumerate(watched):
                    q_values[i] = net(frames).reshape(-1).double().numpy()
                    weights[i] = _fingerprint(net.parameters())
        record["q"].append(q_values)
        record["weights"].append(weights)
        record["nets"].append(len(watched))
        steps[0] += 1
        result = remote_step(action)
        current[0] = result[0]
        return result

    def reset(*, seed=None, options=None):
        record["resets"].append(-1 if seed is None else int(seed))
        obs, info = remote_reset(seed=seed, options=options)
        current[0] = obs
        return obs, info

    env.step, env.reset = step, reset
    dqn.QNetwork, dqn.ReplayBuffer, dqn.dqn_loss = WatchedQNetwork, WatchedBuffer, watched_loss
    hook = register_optimizer_step_pre_hook(before_step)
    try:
        returns = dqn.train_dqn(
            env, case["num_steps"], seed=case["seed"], progress=False, **case["hyperparameters"]
        )
    finally:
        hook.remove()
        dqn.QNetwork, dqn.ReplayBuffer, dqn.dqn_loss = q_base, buffer_base, loss_base
    end = np.zeros((WATCHED_NETS, 2))
    for i, net in enumerate(nets[:WATCHED_NETS]):
        end[i] = _fingerprint(net.parameters())
    actions = int(env.action_space.n)
    return {
        "reported_returns": returns_list(returns, "train_dqn"),
        "step_q_values": np.array(record["q"]).reshape(-1, WATCHED_NETS, actions),
        "step_weights": np.array(record["weights"]).reshape(-1, WATCHED_NETS, 2),
        "step_nets": np.array(record["nets"], dtype=np.int64),
        "end_weights": end,
        "net_seeds": np.array(net_seeds, dtype=np.int64),
        "net_built_at": np.array(net_steps, dtype=np.int64),
        "reset_seeds": np.array(record["resets"], dtype=np.int64),
        "buffer_seeds": np.array(buffer_seeds, dtype=np.int64),
        "sample_at": np.array([s[0] for s in samples], dtype=np.int64),
        "sample_sizes": np.array([s[1] for s in samples], dtype=np.int64),
        "loss_at": np.array([c[0] for c in losses], dtype=np.int64),
        "loss_nets": np.array([c[1:3] for c in losses], dtype=np.int64).reshape(-1, 2),
        "loss_weights": np.array([c[3:5] for c in losses]).reshape(-1, 2, 2),
        "loss_batch_sizes": np.array([c[5] for c in losses], dtype=np.int64),
        "loss_gammas": np.array([c[6] for c in losses], dtype=np.float64),
        "loss_gradients": np.array([c[7] for c in losses]).reshape(-1, 2),
        "update_at": np.array([u[0] for u in updates], dtype=np.int64),
        "update_optimizers": np.array([u[1] for u in updates], dtype=np.int64),
        "update_lrs": np.array([u[2] for u in updates], dtype=np.float64),
        "update_kinds": np.array([u[3] for u in updates], dtype=np.int64),
        "update_nets": np.array([u[4] for u in updates], dtype=np.int64),
        "update_gradients": np.array([u[5] for u in updates]).reshape(-1, 2),
    }
