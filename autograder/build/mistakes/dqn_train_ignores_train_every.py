"""train_dqn takes a gradient step at every step after learning_starts."""

import numpy as np
import torch

PART = "dqn"
NAME = "a gradient step at every step (train_every ignored)"
EXPLANATION = (
    "Your train_dqn trains at every step once t >= learning_starts: Algorithm 1 takes "
    "one gradient step only when t >= learning_starts and t % train_every == 0."
)
CAUGHT_BY = ["dqn.train_steps"]


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
    rng = np.random.default_rng(seed)  # epsilon-greedy's own random numbers

    obs, _ = env.reset(seed=seed)
    obs_shape = tuple(obs.shape)
    in_channels, height, width = obs_shape
    if height != width:
        raise ValueError(f"train_dqn: frames must be square, got {height}x{width}")
    num_actions = int(env.action_space.n)

    q_net = QNetwork(in_channels, num_actions, frame_size=height)
    target_net = QNetwork(in_channels, num_actions, frame_size=height)
    update_target(q_net, target_net)
    target_net.requires_grad_(False)
    optimizer = torch.optim.Adam(q_net.parameters(), lr=lr)
    replay = ReplayBuffer(buffer_capacity, obs_shape, seed)

    bar = _progress_bar(num_steps, progress)
    episode_returns, episode_return = [], 0.0
    for step in range(num_steps):
        # Epsilon-greedy action selection.
        epsilon = epsilon_at(step, epsilon_start, epsilon_end, epsilon_decay_steps)
        if rng.random() < epsilon:
            action = int(rng.integers(num_actions))
        else:
            with torch.no_grad():
                action = int(q_net(torch.from_numpy(np.asarray(obs))[None]).argmax(dim=1).item())

        # Execute a_t, observe r_t and phi_{t+1}; store the transition in D.
        next_obs, reward, terminated, truncated, _ = env.step(action)
        replay.add(obs, action, reward, next_obs, terminated)
        episode_return += float(reward)
        if terminated or truncated:
            episode_returns.append(episode_return)
            episode_return = 0.0
            obs, _ = env.reset()
        else:
            obs = next_obs

        # Q update: one gradient step on a random minibatch from D.
        if step >= learning_starts:  # the mistake: train_every ignored
            loss = dqn_loss(q_net, target_net, replay.sample(batch_size), gamma)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

        # Q_old <- Q_new at regular intervals.
        if step % target_update_every == 0:
            update_target(q_net, target_net)

        if bar is not None:
            bar.update(1)
            if episode_returns and step % 100 == 0:
                bar.set_postfix(eps=f"{epsilon:.2f}", ret=f"{np.mean(episode_returns[-20:]):.2f}")
    if bar is not None:
        bar.close()
    return episode_returns
