"""Probes of Part 5, REINFORCE (`reinforce.py`).

The policy of the loss probes is a tabular softmax pi_theta(a | s) = softmax(theta[s])_a owned by
the probe, so `reinforce_loss` is graded apart from `PolicyNetwork`.
"""

from __future__ import annotations

import numpy as np

from autograder.sandbox.probes.common import ContractError, recording, returns_list, to_array


def _torch():
    import torch

    torch.set_num_threads(1)
    return torch


def _theta(case):
    torch = _torch()
    values = np.random.default_rng(case["seed"]).normal(
        0.0, 0.5, size=(case["num_states"], case["num_actions"])
    )
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


def _log_probs(theta, states, actions):
    torch = _torch()
    log_pi = torch.log_softmax(theta[torch.as_tensor(states)], dim=1)
    return log_pi[torch.arange(len(actions)), torch.as_tensor(actions)]


def _gradient(reinforce, theta, trajectories):
    """(loss value, d loss / d theta) of the student's reinforce_loss on trajectories."""
    torch = _torch()
    theta.grad = None
    log_probs = [_log_probs(theta, s, a) for s, a, _ in trajectories]
    rewards = [list(map(float, r)) for _, _, r in trajectories]
    loss = _checked_loss(reinforce.reinforce_loss(log_probs, rewards))
    loss.backward()
    grad = theta.grad if theta.grad is not None else torch.zeros_like(theta)
    return float(loss.detach()), grad.detach().numpy().copy()


def _checked_loss(loss):
    """The loss, or a ContractError when it is not a 0-dim tensor carrying a gradient."""
    torch = _torch()
    if not isinstance(loss, torch.Tensor):
        raise ContractError(
            f"reinforce_loss returned a {type(loss).__name__}; return a 0-dim "
            "torch tensor built from log_probs (so that it has a gradient)"
        )
    if loss.dim() != 0:
        raise ContractError(
            f"reinforce_loss returned shape {tuple(loss.shape)}; return a 0-dim "
            "tensor (one number for the whole batch of trajectories)"
        )
    if not loss.requires_grad:
        raise ContractError(
            "reinforce_loss returned a tensor without a gradient: build it from "
            "log_probs without .detach() or .item()"
        )
    return loss


def random_trajectories(case):
    """The loss probe's trajectories: (states, actions, rewards), seeded by the case."""
    rng = np.random.default_rng(case["seed"] + 1)
    trajectories = []
    for length in case["lengths"]:
        trajectories.append(
            (
                rng.integers(case["num_states"], size=length),
                rng.integers(case["num_actions"], size=length),
                rng.normal(case.get("reward_mean", 0.0), 1.0, size=length),
            )
        )
    return trajectories


def _leaf_log_probs(theta, trajectories):
    """log pi_theta(a_t | s_t) per trajectory, keeping their own gradient (d loss / d log pi)."""
    log_probs = [_log_probs(theta, s, a) for s, a, _ in trajectories]
    for log_probs_i in log_probs:
        log_probs_i.retain_grad()
    return log_probs


def loss_gradient(reinforce, case):
    """reinforce_loss's value and gradient on fixed trajectories (any lengths, any rewards),
    d loss / d log pi(a_t | s_t) of every step, and the value with every reward doubled: one
    input varied at a time, for the grader to test each dependence the formula states."""
    torch = _torch()
    theta = _theta(case)
    trajectories = random_trajectories(case)
    log_probs = _leaf_log_probs(theta, trajectories)
    rewards = [list(map(float, r)) for _, _, r in trajectories]
    loss = _checked_loss(reinforce.reinforce_loss(log_probs, rewards))
    loss.backward()
    grad = theta.grad if theta.grad is not None else torch.zeros_like(theta)
    per_step = torch.cat(
        [lp.grad if lp.grad is not None else torch.zeros_like(lp) for lp in log_probs]
    )
    with torch.no_grad():
        doubled = reinforce.reinforce_loss(
            [lp.detach() for lp in log_probs], [[2.0 * x for x in r] for r in rewards]
        )
    return {
        "loss": np.array(float(loss.detach())),
        "gradient": grad.detach().numpy().copy(),
        "dloss_dlog_prob": per_step.detach().double().numpy().copy(),
        "loss_rewards_doubled": np.array(_scalar(doubled, "reinforce_loss")),
    }


def _scalar(value, what: str) -> float:
    torch = _torch()
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.detach())
    raise ContractError(f"{what} must return a 0-dim tensor; got a {type(value).__name__}")


def reward_to_go(reinforce, case):
    """reward_to_go on the case's rewards, and two inputs varied for the grader's diagnoses: a
    single step (G_T = r_T) and a single reward at step k of a zero sequence (which steps see
    it, with which discount)."""
    rewards = case_rewards(case)
    outputs = {}
    for name, given in (
        ("G", rewards),
        ("G_one_step", rewards[:1]),
        ("G_single_reward", single_reward(case)),
    ):
        passed = [float(r) for r in given]  # the list the student's function receives
        result = to_array(reinforce.reward_to_go(passed, case["gamma"]), "reward_to_go")
        if len(passed) != len(given) or not np.array_equal(np.asarray(passed, float), given):
            raise ContractError(
                "reward_to_go modified the list of rewards it was given; compute a new array "
                "instead"
            )
        outputs[name] = result
    return outputs


def case_rewards(case) -> np.ndarray:
    """The rewards of a reward_to_go case."""
    return np.random.default_rng(case["seed"]).normal(0.0, 1.0, size=case["length"])


def single_reward(case) -> np.ndarray:
    """Zeros but one reward of 2 at step `length // 2` (the grader's diagnosis input)."""
    rewards = np.zeros(case["length"])
    rewards[case["length"] // 2] = 2.0
    return rewards


def _draw(probabilities: np.ndarray, rng) -> np.ndarray:
    """One index per row of `probabilities`: the inverse transform of one uniform draw each."""
    uniform = rng.random(len(probabilities))
    index = (uniform[:, None] >= np.cumsum(probabilities, axis=1)).sum(axis=1)
    return np.minimum(index, probabilities.shape[1] - 1)  # a cumulative sum a hair below 1


def sample_episodes(mdp: dict, theta: np.ndarray, rng, count: int) -> list:
    """`count` episodes of the oracle's tiny MDP under softmax(theta), drawn side by side (one
    uniform draw per episode and step for the action, one for the next state): a list of
    (states, actions, rewards). Side by side, thousands of episodes cost milliseconds."""
    P, R, horizon = np.array(mdp["P"]), np.array(mdp["R"]), mdp["horizon"]
    pi = np.exp(theta - theta.max(axis=1, keepdims=True))
    pi /= pi.sum(axis=1, keepdims=True)
    s = np.zeros(count, dtype=np.int64)
    states = np.zeros((count, horizon), dtype=np.int64)
    actions = np.zeros((count, horizon), dtype=np.int64)
    for t in range(horizon):
        a = _draw(pi[s], rng)
        states[:, t], actions[:, t] = s, a
        s = _draw(P[s, a], rng)
    rewards = R[states, actions].astype(np.float64)
    return [(states[i], actions[i], rewards[i]) for i in range(count)]


def gradient_estimates(reinforce, case):
    """Many independent REINFORCE estimates (minus the loss gradient) on a tiny MDP.

    Their mean must match the analytic gradient of J(theta) within a statistical bound: the
    grader averages them and compares with `oracles.reinforce_exact`, in standard errors of the
    reference's own estimates (never the submission's spread).
    """
    theta = _theta(case)
    rng = np.random.default_rng(case["seed"] + 2)
    size = case["episodes_per_batch"]
    episodes = sample_episodes(case["mdp"], theta.detach().numpy(), rng, case["batches"] * size)
    estimates = []
    for start in range(0, len(episodes), size):
        _, grad = _gradient(reinforce, theta, episodes[start : start + size])
        estimates.append(-grad)
    return {"estimates": np.array(estimates)}  # the grader averages them


# The docstring's layers of PolicyNetwork(obs_shape, A, hidden), as parameter shapes in the
# order of the formula: Linear(D, hidden), Linear(hidden, A) for vectors; for frames the
# lecture's two convolutions, then Linear(., hidden) and Linear(hidden, A).
CONVOLUTIONS = ((16, 8, 4), (32, 4, 2))
MAX_PARAMETERS = 16  # rows of the recorded parameter-shape table


def docstring_shapes(obs_shape, num_actions: int, hidden: int) -> list:
    """The weight and bias shapes of the docstring's network, in the formula's order."""
    if len(obs_shape) == 1:
        return [(hidden, obs_shape[0]), (hidden,), (num_actions, hidden), (num_actions,)]
    channels, height, width = obs_shape
    shapes = []
    for out, kernel, stride in CONVOLUTIONS:
        shapes += [(out, channels, kernel, kernel), (out,)]
        channels = out
        height, width = (height - kernel) // stride + 1, (width - kernel) // stride + 1
    flat = channels * height * width
    return shapes + [(hidden, flat), (hidden,), (num_actions, hidden), (num_actions,)]


def docstring_weights(case) -> list:
    """Seeded values for each of docstring_shapes, which the probe loads into the student's own
    parameters of those shapes (and the grader recomputes)."""
    shapes = docstring_shapes(tuple(case["obs_shape"]), case["num_actions"], case["hidden"])
    values = []
    for i, shape in enumerate(shapes):
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 4
        rng = np.random.default_rng(case["seed"] + 100 + i)
        values.append(rng.normal(0.0, 1.5 / np.sqrt(fan_in), size=shape))
    return values


def policy_inputs(case) -> np.ndarray:
    """The observations of the network probe: vectors of scale 2, or frames 0..255."""
    shape = tuple(case["obs_shape"])
    rng = np.random.default_rng(case["seed"])
    if len(shape) == 3:
        return rng.integers(0, 256, size=(5, *shape))
    return rng.normal(0.0, 2.0, size=(5, *shape))


def _raises_value_error(reinforce, obs_shape, num_actions) -> int:
    """0: PolicyNetwork(obs_shape, A) raised ValueError; 1: it raised nothing; 2: another error."""
    try:
        reinforce.PolicyNetwork(obs_shape, num_actions)
    except ValueError:
        return 0
    except Exception:  # noqa: BLE001 - the student's error is the record
        return 2
    return 1


def policy_network(reinforce, case):
    """PolicyNetwork's logits and distribution on a batch; its parameter shapes; its logits with
    the docstring's layers loaded with the grader's weights (each into the student's one
    parameter of that shape, whatever its name or order), on uint8 and float input for frames;
    and whether it raises ValueError for an obs_shape of two axes and for frames too small."""
    torch = _torch()
    shape, A, hidden = tuple(case["obs_shape"]), case["num_actions"], case["hidden"]
    torch.manual_seed(0)
    net = reinforce.PolicyNetwork(shape, A, hidden=hidden)
    observations = policy_inputs(case)
    if len(shape) == 3:
        obs = torch.as_tensor(observations, dtype=torch.uint8)
    else:
        obs = torch.as_tensor(observations, dtype=torch.float32)
    with torch.no_grad():
        logits = net(obs)
        distribution = net.distribution(obs)
    if not isinstance(logits, torch.Tensor):
        raise ContractError("PolicyNetwork.forward must return a tensor of logits")
    if logits.dtype != torch.float32:
        raise ContractError(
            f"PolicyNetwork.forward returned {str(logits.dtype).removeprefix('torch.')} logits; "
            "return float32, the dtype of the network's own weights (no .double() or .half())"
        )
    if not isinstance(distribution, torch.distributions.Categorical):
        raise ContractError(
            "PolicyNetwork.distribution must return a torch.distributions.Categorical"
        )
    probs = distribution.probs
    parameters = list(net.parameters())
    table = np.full((MAX_PARAMETERS, 5), -1, dtype=np.int64)
    for i, parameter in enumerate(parameters[:MAX_PARAMETERS]):
        table[i, : 1 + parameter.dim()] = [parameter.dim(), *parameter.shape][:5]
    wanted = docstring_shapes(shape, A, hidden)
    with torch.no_grad():
        for target, values in zip(wanted, docstring_weights(case), strict=True):
            same = [p for p in parameters if tuple(p.shape) == target]
            if len(same) == 1:
                same[0].copy_(torch.as_tensor(values, dtype=same[0].dtype))
        loaded = net(obs)
        outputs = {
            "logits_shape": np.array(tuple(logits.shape), dtype=np.int64),
            "logits": logits.detach().double().numpy().reshape(-1),
            "probs_shape": np.array(tuple(probs.shape), dtype=np.int64),
            "probs": probs.detach().double().numpy().reshape(-1),
            "parameter_shapes": table,
            "loaded_logits": _flat(loaded),
        }
        if len(shape) == 3:
            outputs["loaded_logits_float_input"] = _flat(net(obs.float()))
    outputs["value_errors"] = np.array(
        [
            _raises_value_error(reinforce, (2, 3), A),
            _raises_value_error(reinforce, (4, 16, 16), A),
        ],
        dtype=np.int64,
    )
    return outputs


def _flat(tensor) -> np.ndarray:
    torch = _torch()
    if not isinstance(tensor, torch.Tensor):
        raise ContractError("PolicyNetwork.forward must return a tensor of logits")
    return tensor.detach().double().numpy().reshape(-1)


def _episodes(steps) -> list:
    """Recorded env steps split into episodes: [(observations, actions, rewards)]; a last
    episode still running counts as one."""
    episodes, current = [], []
    for step in steps:
        current.append(step)
        if step[4] or step[5]:
            episodes.append(current)
            current = []
    if current:
        episodes.append(current)
    return [
        (np.stack([s[0] for s in e]), np.array([s[1] for s in e]), [s[2] for s in e])
        for e in episodes
    ]


def _flat_parameters(parameters, grad: bool = False) -> np.ndarray:
    torch = _torch()
    if not parameters:
        return np.zeros(0)
    values = [
        (p.grad if p.grad is not None else torch.zeros_like(p)) if grad else p for p in parameters
    ]
    return torch.cat([v.detach().reshape(-1) for v in values]).double().numpy().copy()


def _jacobian(policy, parameters, observations, actions) -> np.ndarray:
    """d log pi_theta(a_t | s_t) / d theta for every step: one row per step, raw. (A loop of
    backward passes: torch's batched gradients cost half a CPU second to set up per case.)"""
    torch = _torch()
    size = sum(p.numel() for p in parameters)
    rows = np.zeros((len(actions), size))
    if len(actions) == 0:
        return rows
    with torch.enable_grad():
        log_probs = policy.distribution(torch.as_tensor(observations)).log_prob(
            torch.as_tensor(actions)
        )
        log_probs = log_probs.reshape(-1)
        for t in range(min(len(log_probs), len(actions))):
            found = torch.autograd.grad(
                log_probs[t], parameters, allow_unused=True, retain_graph=True
            )
            rows[t] = torch.cat(
                [
                    (g if g is not None else torch.zeros_like(p)).reshape(-1)
                    for g, p in zip(found, parameters, strict=True)
                ]
            ).numpy()
    return rows


def _own_functions(reinforce, policy, episodes, gamma) -> tuple:
    """The gradient of the student's own reinforce_loss on these episodes (rewards r_t gamma^t,
    whose sum is the discounted return) and its own reward_to_go of each: what a loop built
    from the student's functions steps on (zeros where they fail)."""
    torch = _torch()
    parameters = list(policy.parameters())
    gradient = np.zeros(sum(p.numel() for p in parameters))
    try:
        with torch.enable_grad():
            log_probs = [
                policy.distribution(torch.as_tensor(obs)).log_prob(torch.as_tensor(actions))
                for obs, actions, _ in episodes
            ]
            discounted = [
                [r * gamma**t for t, r in enumerate(rewards)] for _, _, rewards in episodes
            ]
            loss = reinforce.reinforce_loss(log_probs, discounted)
            found = torch.autograd.grad(loss, parameters, allow_unused=True)
        gradient = (
            torch.cat(
                [
                    (g if g is not None else torch.zeros_like(p)).reshape(-1)
                    for g, p in zip(found, parameters, strict=True)
                ]
            )
            .double()
            .numpy()
        )
    except Exception:  # noqa: BLE001 - a broken reinforce_loss is graded by its own checks
        pass
    to_go = []
    for _, _, rewards in episodes:
        try:
            values = np.asarray(reinforce.reward_to_go(list(rewards), gamma), dtype=np.float64)
            to_go.append(values if values.shape == (len(rewards),) else np.zeros(len(rewards)))
        except Exception:  # noqa: BLE001 - graded by reward_to_go's own check
            to_go.append(np.zeros(len(rewards)))
    return gradient, np.concatenate(to_go) if to_go else np.zeros(0)


def train_update(reinforce, case, env):
    """A short train_reinforce run on an env that steps in the grader, watched step by step:
    for every optimizer step that moves the policy it built, how many env steps came before it,
    the optimizer's learning rate, the parameters before and after, their gradient at the step,
    and the rows d log pi(a_t | s_t) / d theta of the steps played since the previous optimizer
    step (and, where the case asks, for the first step, of the greedy actions), plus what the
    student's own reinforce_loss and reward_to_go give on those episodes. All raw: the grader
    splits episodes from its own record, computes each weighting and replays Adam itself."""
    import torch.optim.optimizer as optimizers

    torch = _torch()
    base = getattr(reinforce, "PolicyNetwork", None)
    if not isinstance(base, type):
        raise ContractError("reinforce.py must define the class PolicyNetwork")
    built = []

    class Watched(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append((self, _flat_parameters(list(self.parameters()))))

    env = recording(env)
    names = ("env_steps", "lr", "before", "gradient", "after", "jacobian", "own_loss", "own_rtg")
    record = {name: [] for name in names}
    greedy = []
    state = {"seen": 0, "watching": False}

    def pre_step(optimizer, args, kwargs):
        state["watching"] = False
        if len(built) != 1:
            return
        policy = built[0][0]
        parameters = list(policy.parameters())
        stepped = {id(p) for group in optimizer.param_groups for p in group["params"]}
        if not any(id(p) in stepped for p in parameters):
            return
        state["watching"] = True
        record["env_steps"].append(len(env.steps))
        record["lr"].append(float(optimizer.param_groups[0].get("lr", 0.0)))
        record["before"].append(_flat_parameters(parameters))
        record["gradient"].append(_flat_parameters(parameters, grad=True))
        episodes = _episodes(env.steps[state["seen"] :])
        state["seen"] = len(env.steps)
        observations = (
            np.concatenate([obs for obs, _, _ in episodes]) if episodes else np.zeros((0,))
        )
        actions = np.concatenate([a for _, a, _ in episodes]) if episodes else np.zeros(0, int)
        record["jacobian"].append(_jacobian(policy, parameters, observations, actions))
        if case.get("greedy_rows") and not greedy and len(actions):
            with torch.no_grad():
                probs = policy.distribution(torch.as_tensor(observations)).probs
            greedy.append(_jacobian(policy, parameters, observations, probs.argmax(dim=-1).numpy()))
        own_loss, own_rtg = _own_functions(reinforce, policy, episodes, case["gamma"])
        record["own_loss"].append(own_loss)
        record["own_rtg"].append(own_rtg)

    def post_step(optimizer, args, kwargs):
        if state["watching"]:
            record["after"].append(_flat_parameters(list(built[0][0].parameters())))
            state["watching"] = False

    # The probe's draws before the run: a loop that seeds torch after building its network
    # builds different ones in two cases with the same seed.
    torch.manual_seed(case["torch_seed_before"])
    torch.rand(3)
    handles = [
        optimizers.register_optimizer_step_pre_hook(pre_step),
        optimizers.register_optimizer_step_post_hook(post_step),
    ]
    reinforce.PolicyNetwork = Watched
    try:
        returns = reinforce.train_reinforce(
            env,
            case["num_iterations"],
            seed=case["seed"],
            progress=False,
            episodes_per_iteration=case["episodes_per_iteration"],
            lr=case["lr"],
            gamma=case["gamma"],
            use_reward_to_go=case["use_reward_to_go"],
            baseline=case["baseline"],
        )
    finally:
        reinforce.PolicyNetwork = base
        for handle in handles:
            handle.remove()
    if len(built) != 1:
        raise ContractError(
            f"train_reinforce built {len(built)} PolicyNetwork objects; build "
            "exactly one, pi_theta = PolicyNetwork(observation shape, A)"
        )
    size = len(built[0][1])

    def rows(name, width=size):
        found = record[name]
        return np.array(found, dtype=np.float64) if found else np.zeros((0, width))

    jacobians = record["jacobian"]
    return {
        "initial_parameters": built[0][1],
        "step_env_steps": np.array(record["env_steps"], dtype=np.int64),
        "step_lr": np.array(record["lr"], dtype=np.float64),
        "parameters_before": rows("before"),
        "parameters_after": rows("after"),
        "gradients": rows("gradient"),
        "log_prob_jacobian": np.concatenate(jacobians) if jacobians else np.zeros((0, size)),
        "log_prob_jacobian_greedy": greedy[0] if greedy else np.zeros((0, size)),
        "own_loss_gradients": rows("own_loss"),
        "own_reward_to_go": (
            np.concatenate(record["own_rtg"]) if record["own_rtg"] else np.zeros(0)
        ),
        "reported_returns": returns_list(returns, "train_reinforce"),
    }


def train(reinforce, case, env):
    """train_reinforce within a fixed budget of iterations on an env that steps in the grader;
    the returns it reports are kept only to compare with the grader's record."""
    returns = reinforce.train_reinforce(
        env,
        case["num_iterations"],
        seed=case["seed"],
        progress=False,
        **case.get("hyperparameters", {}),
    )
    return {"reported_returns": returns_list(returns, "train_reinforce")}
