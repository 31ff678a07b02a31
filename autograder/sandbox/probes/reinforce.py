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
    loss = reinforce.reinforce_loss(log_probs, rewards)
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
    loss.backward()
    grad = theta.grad if theta.grad is not None else torch.zeros_like(theta)
    return float(loss.detach()), grad.detach().numpy().copy()


def _random_trajectories(case):
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


def loss_gradient(reinforce, case):
    """reinforce_loss's value and gradient on fixed trajectories (any lengths, any rewards)."""
    theta = _theta(case)
    value, grad = _gradient(reinforce, theta, _random_trajectories(case))
    return {"loss": np.array(value), "gradient": grad}


def reward_to_go(reinforce, case):
    rewards = np.random.default_rng(case["seed"]).normal(0.0, 1.0, size=case["length"])
    given = rewards.copy()
    result = to_array(reinforce.reward_to_go(list(rewards), case["gamma"]), "reward_to_go")
    if not np.array_equal(given, rewards):
        raise ContractError("reward_to_go modified its input")
    return {"G": result}


def sample_episode(mdp: dict, theta: np.ndarray, rng) -> tuple:
    """One episode of the oracle's tiny MDP under softmax(theta): states, actions, rewards."""
    P, R, horizon = np.array(mdp["P"]), np.array(mdp["R"]), mdp["horizon"]
    s = 0
    states, actions, rewards = [], [], []
    for _ in range(horizon):
        pi = np.exp(theta[s] - theta[s].max())
        pi /= pi.sum()
        a = int(rng.choice(len(pi), p=pi))
        s_next = int(rng.choice(len(P[s, a]), p=P[s, a]))
        states.append(s)
        actions.append(a)
        rewards.append(float(R[s, a]))
        s = s_next
    return np.array(states), np.array(actions), np.array(rewards)


def gradient_estimates(reinforce, case):
    """Many independent REINFORCE estimates (minus the loss gradient) on a tiny MDP.

    Their mean must match the analytic gradient of J(theta) within a statistical bound: the
    grader averages them and compares with `oracles.reinforce_exact`, in standard errors of the
    reference's own estimates (never the submission's spread).
    """
    theta = _theta(case)
    rng = np.random.default_rng(case["seed"] + 2)
    estimates = []
    for _ in range(case["batches"]):
        episodes = [
            sample_episode(case["mdp"], theta.detach().numpy(), rng)
            for _ in range(case["episodes_per_batch"])
        ]
        _, grad = _gradient(reinforce, theta, episodes)
        estimates.append(-grad)
    return {"estimates": np.array(estimates)}  # the grader averages them


def policy_network(reinforce, case):
    """PolicyNetwork's logits shape and its distribution on vector and frame observations."""
    torch = _torch()
    shape, A = tuple(case["obs_shape"]), case["num_actions"]
    torch.manual_seed(0)
    net = reinforce.PolicyNetwork(shape, A)
    rng = np.random.default_rng(case["seed"])
    if len(shape) == 3:
        obs = torch.as_tensor(rng.integers(0, 256, size=(5, *shape)), dtype=torch.uint8)
    else:
        obs = torch.as_tensor(rng.normal(size=(5, *shape)), dtype=torch.float32)
    with torch.no_grad():
        logits = net(obs)
        distribution = net.distribution(obs)
    if not isinstance(logits, torch.Tensor):
        raise ContractError("PolicyNetwork.forward must return a tensor of logits")
    if not isinstance(distribution, torch.distributions.Categorical):
        raise ContractError(
            "PolicyNetwork.distribution must return a torch.distributions.Categorical"
        )
    probs = distribution.probs
    return {
        "logits_shape": np.array(tuple(logits.shape), dtype=np.int64),
        "logits": logits.detach().double().numpy().reshape(-1),
        "probs_shape": np.array(tuple(probs.shape), dtype=np.int64),
        "probs": probs.detach().double().numpy().reshape(-1),
    }


def _episodes(steps) -> list:
    """Recorded env steps split into episodes: [(observations, actions, rewards)]."""
    episodes, current = [], []
    for step in steps:
        current.append(step)
        if step[4] or step[5]:
            episodes.append(current)
            current = []
    return [
        (np.stack([s[0] for s in e]), np.array([s[1] for s in e]), [s[2] for s in e])
        for e in episodes
    ]


def train_update(reinforce, case, env):
    """One iteration of train_reinforce on an env that steps in the grader, watched: the policy's
    parameters before and after, and the gradients of the student's own reinforce_loss on the
    episodes it played, with the actions it took and with the greedy actions instead. All raw:
    the grader counts the episodes from its own record and compares the step with each."""
    import copy

    torch = _torch()
    base = getattr(reinforce, "PolicyNetwork", None)
    if not isinstance(base, type):
        raise ContractError("reinforce.py must define the class PolicyNetwork")
    built = []

    class Watched(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            built.append((self, copy.deepcopy(self.state_dict())))

    env = recording(env)
    reinforce.PolicyNetwork = Watched
    try:
        reinforce.train_reinforce(
            env,
            1,
            seed=case["seed"],
            progress=False,
            episodes_per_iteration=case["episodes_per_iteration"],
        )
    finally:
        reinforce.PolicyNetwork = base
    if len(built) != 1:
        raise ContractError(
            f"train_reinforce built {len(built)} PolicyNetwork objects; build "
            "exactly one, pi_theta = PolicyNetwork(observation shape, A)"
        )
    policy, initial = built[0]
    final = torch.cat([p.detach().flatten() for p in policy.state_dict().values()]).double()
    start = torch.cat([p.flatten() for p in initial.values()]).double()
    episodes = _episodes(env.steps)

    def gradient(greedy: bool) -> np.ndarray:
        net = copy.deepcopy(policy)
        net.load_state_dict(initial)
        log_probs = []
        for observations, actions, _ in episodes:
            distribution = net.distribution(torch.as_tensor(observations))
            taken = distribution.probs.argmax(dim=-1) if greedy else torch.as_tensor(actions)
            log_probs.append(distribution.log_prob(taken))
        loss = reinforce.reinforce_loss(log_probs, [rewards for _, _, rewards in episodes])
        net.zero_grad()
        loss.backward()
        return (
            torch.cat(
                [
                    (p.grad if p.grad is not None else torch.zeros_like(p)).flatten()
                    for p in net.state_dict(keep_vars=True).values()
                ]
            )
            .double()
            .numpy()
        )

    return {
        "parameters_before": start.numpy(),
        "parameters_after": final.numpy(),
        "gradient": gradient(greedy=False),
        "gradient_greedy_actions": gradient(greedy=True),
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
