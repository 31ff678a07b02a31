"""nn.Sequential with a dummy forward for FC-256's size, a ring buffer with a `full` flag,
.detach() instead of no_grad, copy_ for the target, np.interp for the schedule, deepcopy."""

import copy

import numpy as np
import torch
import torch.nn as nn

PART = "dqn"
NAME = "Sequential network, ring buffer, detach, copy_, np.interp, deepcopy target"
BROKEN = ()


class QNetwork(nn.Module):
    def __init__(self, in_channels, num_actions, frame_size=84):
        super().__init__()
        if frame_size < 20:
            raise ValueError("frame_size must be at least 20 pixels for the two convolutions")
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 16, 8, stride=4),
            nn.ReLU(),
            nn.Conv2d(16, 32, 4, stride=2),
            nn.ReLU(),
            nn.Flatten(),
        )
        with torch.no_grad():
            n_flat = self.features(torch.zeros(1, in_channels, frame_size, frame_size)).shape[1]
        self.head = nn.Sequential(nn.Linear(n_flat, 256), nn.ReLU(), nn.Linear(256, num_actions))

    def forward(self, x):
        return self.head(self.features(x.to(torch.float32).div(255.0)))


class ReplayBuffer:
    def __init__(self, capacity, obs_shape, seed):
        self.capacity = capacity
        self.obs = np.zeros((capacity, *obs_shape), dtype=np.uint8)
        self.next_obs = np.zeros((capacity, *obs_shape), dtype=np.uint8)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.terminated = np.zeros(capacity, dtype=np.float32)
        self.rng = np.random.default_rng(seed)
        self.next_idx = 0
        self.full = False

    def __len__(self):
        return self.capacity if self.full else self.next_idx

    def add(self, obs, action, reward, next_obs, terminated):
        j = self.next_idx
        self.obs[j], self.next_obs[j] = obs, next_obs
        self.actions[j], self.rewards[j], self.terminated[j] = action, reward, terminated
        self.next_idx += 1
        if self.next_idx == self.capacity:
            self.next_idx, self.full = 0, True

    def sample(self, batch_size):
        n = len(self)
        if n == 0:
            raise ValueError("cannot sample from an empty replay buffer")
        idx = self.rng.integers(0, n, size=batch_size)

        def t(a):
            return torch.as_tensor(a[idx])

        return Batch(
            t(self.obs), t(self.actions), t(self.rewards), t(self.next_obs), t(self.terminated)
        )


def dqn_loss(q_net, target_net, batch, gamma):
    q_all = q_net(batch.obs)
    q_sa = q_all[torch.arange(q_all.shape[0]), batch.actions]
    best_next = target_net(batch.next_obs).max(dim=1)[0].detach()
    y = batch.rewards + gamma * (1 - batch.terminated) * best_next
    return ((q_sa - y) ** 2).mean()


def update_target(q_net, target_net):
    with torch.no_grad():
        for p_old, p_new in zip(target_net.parameters(), q_net.parameters()):
            p_old.copy_(p_new)


def epsilon_at(step, start=1.0, end=0.05, decay_steps=10_000):
    return float(np.interp(step, [0, decay_steps], [start, end]))


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
    phi, _ = env.reset(seed=seed)
    c, h, _ = phi.shape
    n_actions = int(env.action_space.n)
    q_new = QNetwork(c, n_actions, frame_size=h)
    q_old = copy.deepcopy(q_new)
    for p in q_old.parameters():
        p.requires_grad = False
    opt = torch.optim.Adam(q_new.parameters(), lr=lr)
    memory = ReplayBuffer(buffer_capacity, phi.shape, seed)
    returns, total = [], 0.0
    t = 0
    while t < num_steps:
        if rng.random() < epsilon_at(t, epsilon_start, epsilon_end, epsilon_decay_steps):
            a = int(rng.integers(n_actions))
        else:
            with torch.no_grad():
                a = int(torch.argmax(q_new(torch.as_tensor(phi[None]))[0]))
        phi_next, r, terminated, truncated, _ = env.step(a)
        memory.add(phi, a, r, phi_next, terminated)
        total += r
        phi = phi_next
        if terminated or truncated:
            returns.append(float(total))
            total = 0.0
            phi, _ = env.reset()
        if t >= learning_starts and t % train_every == 0:
            loss = dqn_loss(q_new, q_old, memory.sample(batch_size), gamma)
            opt.zero_grad()
            loss.backward()
            opt.step()
        if t % target_update_every == 0:
            update_target(q_new, q_old)
        t += 1
    return returns
