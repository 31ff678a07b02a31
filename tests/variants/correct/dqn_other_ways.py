"""arange instead of gather, a detached target, update_target by copy_, rng.choice in the
replay buffer, the random action drawn before the coin in train_dqn."""

PART = "dqn"
NAME = "other ways: arange indexing, detach, copy_, rng.choice, another draw order"


def dqn_loss(q_net, target_net, batch, gamma):
    """Indexing by arange instead of gather; the target detached instead of no_grad."""
    q_values = q_net(batch.obs)
    q_sa = q_values[torch.arange(len(batch.actions)), batch.actions]
    y = batch.rewards + gamma * (1.0 - batch.terminated) * target_net(batch.next_obs).max(1)[0]
    return ((q_sa - y.detach()) ** 2).mean()


def update_target(q_net, target_net):
    with torch.no_grad():
        for target_param, param in zip(target_net.parameters(), q_net.parameters(), strict=True):
            target_param.copy_(param)


def _sample_with_choice(self, batch_size):
    idx = self.rng.choice(len(self), size=batch_size, replace=True)
    return Batch(
        torch.as_tensor(self.obs[idx]),
        torch.as_tensor(self.actions[idx]),
        torch.as_tensor(self.rewards[idx]),
        torch.as_tensor(self.next_obs[idx]),
        torch.as_tensor(self.terminated[idx]),
    )


ReplayBuffer.sample = _sample_with_choice


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
    """The random action drawn before the coin; copies of the frames stored; no bar."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed + 1)
    obs, _ = env.reset(seed=seed)
    channels, side, _ = obs.shape
    num_actions = env.action_space.n
    q_net = QNetwork(channels, num_actions, frame_size=side)
    target_net = QNetwork(channels, num_actions, frame_size=side)
    update_target(q_net, target_net)
    optimizer = torch.optim.Adam(q_net.parameters(), lr=lr)
    replay = ReplayBuffer(buffer_capacity, obs.shape, seed)
    returns, current = [], 0.0
    for step in range(num_steps):
        random_action = int(rng.integers(num_actions))
        if rng.random() < epsilon_at(step, epsilon_start, epsilon_end, epsilon_decay_steps):
            action = random_action
        else:
            with torch.no_grad():
                action = int(torch.argmax(q_net(torch.as_tensor(obs).unsqueeze(0))[0]))
        next_obs, reward, terminated, truncated, _ = env.step(action)
        replay.add(np.array(obs), action, float(reward), np.array(next_obs), bool(terminated))
        current += reward
        obs = next_obs
        if terminated or truncated:
            returns.append(float(current))
            current = 0.0
            obs, _ = env.reset()
        if step >= learning_starts and step % train_every == 0:
            optimizer.zero_grad()
            dqn_loss(q_net, target_net, replay.sample(batch_size), gamma).backward()
            optimizer.step()
        if step % target_update_every == 0:
            update_target(q_net, target_net)
    return returns
