"""train_dqn with Q_old made by copy.deepcopy and synced at the top of the step (before the
step's gradient step), RMSprop, gradients zeroed rather than freed, the random action drawn only
when exploring. RMSprop is allowed by the contract; proven on the step-by-step watch."""

import copy

PART = "dqn"
NAME = "train_dqn: deepcopy target synced first, RMSprop"
CHECKS = ["dqn.train_steps"]


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
    q_net = QNetwork(obs.shape[0], env.action_space.n, frame_size=obs.shape[1])
    target_net = copy.deepcopy(q_net)
    optimizer = torch.optim.RMSprop(q_net.parameters(), lr=lr)
    memory = ReplayBuffer(buffer_capacity, obs.shape, seed)
    returns, total = [], 0.0
    for t in range(num_steps):
        if t % target_update_every == 0:
            target_net = copy.deepcopy(q_net)
        explore = rng.random() < epsilon_at(t, epsilon_start, epsilon_end, epsilon_decay_steps)
        if explore:
            action = int(rng.integers(env.action_space.n))
        else:
            with torch.no_grad():
                action = q_net(torch.as_tensor(obs[None])).argmax().item()
        next_obs, reward, terminated, truncated, _ = env.step(action)
        memory.add(obs, action, reward, next_obs, terminated)
        total += reward
        if terminated or truncated:
            returns.append(total)
            total = 0.0
            next_obs, _ = env.reset()
        obs = next_obs
        if t >= learning_starts and t % train_every == 0:
            loss = dqn_loss(q_net, target_net, memory.sample(batch_size), gamma)
            optimizer.zero_grad(set_to_none=False)
            loss.backward()
            optimizer.step()
    return returns
