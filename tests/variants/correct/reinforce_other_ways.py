"""log-probabilities kept while acting (one distribution per step), a reinforce_loss vectorised
over trajectories, reward-to-go by a discount matrix, a baseline averaged over all steps."""

PART = "reinforce"
NAME = "log-probabilities kept while acting, a vectorised reinforce_loss"


def reinforce_loss(log_probs, rewards):
    """Vectorised over trajectories: a stack of per-trajectory sums times a tensor of returns."""
    sums = torch.stack([lp.sum() for lp in log_probs])
    returns = torch.tensor([float(np.sum(r)) for r in rewards], dtype=sums.dtype)
    return -(sums * returns).mean()


def reward_to_go(rewards, gamma=1.0):
    """A discount matrix: G = M r with M[t, t'] = gamma^(t' - t) for t' >= t."""
    rewards = np.asarray(rewards, dtype=np.float64)
    steps = np.arange(len(rewards))
    delay = steps[None, :] - steps[:, None]
    return np.where(delay >= 0, float(gamma) ** np.maximum(delay, 0), 0.0) @ rewards


def train_reinforce(
    env,
    num_iterations,
    *,
    seed=0,
    episodes_per_iteration=16,
    lr=0.01,
    gamma=1.0,
    use_reward_to_go=False,
    baseline=False,
    progress=None,
):
    """Log-probabilities kept while acting, one distribution per step; reinforce_loss by
    default, else weights built from reward_to_go, the baseline the mean over all steps."""
    torch.manual_seed(seed)
    obs, _ = env.reset(seed=seed)
    policy = PolicyNetwork(obs.shape, env.action_space.n)
    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)
    returns = []
    for _ in range(num_iterations):
        batch_log_probs, batch_rewards = [], []
        for _ in range(episodes_per_iteration):
            log_probs, rewards, done = [], [], False
            while not done:
                distribution = policy.distribution(torch.as_tensor(obs).unsqueeze(0))
                action = distribution.sample()
                log_probs.append(distribution.log_prob(action)[0])
                obs, reward, terminated, truncated, _ = env.step(int(action))
                rewards.append(float(reward))
                done = terminated or truncated
            obs, _ = env.reset()
            batch_log_probs.append(torch.stack(log_probs))
            batch_rewards.append(rewards)
            returns.append(sum(rewards))
        if gamma == 1.0 and not use_reward_to_go and not baseline:
            loss = reinforce_loss(batch_log_probs, batch_rewards)
        else:
            to_go = [reward_to_go(r, gamma) for r in batch_rewards]
            weights = [g if use_reward_to_go else np.full(len(g), g[0]) for g in to_go]
            if baseline:
                average = np.concatenate(weights).mean()
                weights = [w - average for w in weights]
            loss = -sum(
                (lp * torch.as_tensor(w, dtype=lp.dtype)).sum()
                for lp, w in zip(batch_log_probs, weights, strict=True)
            ) / len(weights)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return returns
