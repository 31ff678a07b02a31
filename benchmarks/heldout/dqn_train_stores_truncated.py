"""The stored flag is terminated or truncated: a time limit is stored as a termination."""

import numpy as np
import torch

PART = "dqn"
NAME = "train_dqn stores a time-limit truncation as terminated"
BROKEN = ("train_dqn",)
CLAUSE = "a time-limit truncation is not a termination; the grader watches these calls"


def train_dqn(
    env,
    num_steps,
    *,
    seed=0,
    gamma=0.99,
    lr=1e-3,
    batch_size=32,
    buffer_capacity=10_000,
    learning_starts=100,
    train_every=1,
    target_update_every=10,
    epsilon_start=1.0,
    epsilon_end=0.05,
    epsilon_decay_steps=500,
    progress=None,
):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    obs, _ = env.reset(seed=seed)
    num_actions = env.action_space.n
    q_net = QNetwork(obs.shape[0], num_actions, frame_size=obs.shape[1])
    target_net = QNetwork(obs.shape[0], num_actions, frame_size=obs.shape[1])
    update_target(q_net, target_net)
    optimizer = torch.optim.Adam(q_net.parameters(), lr=lr)
    replay = ReplayBuffer(buffer_capacity, obs.shape, seed)

    returns, ep_return = [], 0.0
    for t in range(num_steps):
        eps = epsilon_at(t, epsilon_start, epsilon_end, epsilon_decay_steps)
        if rng.random() < eps:
            action = int(rng.integers(num_actions))
        else:
            with torch.no_grad():
                action = int(q_net(torch.as_tensor(obs).unsqueeze(0)).argmax(1).item())
        next_obs, reward, terminated, truncated, _ = env.step(action)
        replay.add(obs, action, reward, next_obs, terminated or truncated)
        ep_return += reward
        if terminated or truncated:
            returns.append(float(ep_return))
            ep_return = 0.0
            obs, _ = env.reset()
        else:
            obs = next_obs
        if t >= learning_starts and t % train_every == 0:
            loss = dqn_loss(q_net, target_net, replay.sample(batch_size), gamma)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if t % target_update_every == 0:
            update_target(q_net, target_net)
    return returns
