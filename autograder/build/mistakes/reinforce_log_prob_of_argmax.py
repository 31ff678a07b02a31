"""train_reinforce weights the log-probability of the greedy action, not of the action taken."""

import numpy as np
import torch

PART = "reinforce"
NAME = "log-probability of the argmax action instead of the action taken"
EXPLANATION = (
    "Your train_reinforce computes log pi(argmax_a pi(a | s_t) | s_t): the estimator "
    "needs grad log pi_theta(a_t | s_t) of the action a_t that was actually sampled "
    "and played, distribution.log_prob(actions_taken)."
)
CAUGHT_BY = ["reinforce.train_update", "reinforce.train"]


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
    torch.manual_seed(seed)
    obs, _ = env.reset(seed=seed)
    policy = PolicyNetwork(np.asarray(obs).shape, int(env.action_space.n))
    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)

    bar = _progress_bar(num_iterations, progress)
    episode_returns = []
    for _ in range(num_iterations):
        # Sample N trajectories tau_i by acting according to pi_theta.
        trajectories = []
        for _ in range(episodes_per_iteration):
            trajectories.append(_sample_episode(env, policy, obs))
            episode_returns.append(float(np.sum(trajectories[-1][2])))
            obs, _ = env.reset()

        # log pi_theta(a_t^i | s_t^i) for every step, in one batch, then split per trajectory.
        lengths = [len(actions) for _, actions, _ in trajectories]
        all_obs = torch.from_numpy(np.stack([o for obs_i, _, _ in trajectories for o in obs_i]))
        distribution = policy.distribution(all_obs)
        # the mistake: the greedy action's log-probability, not the action taken
        log_probs = distribution.log_prob(distribution.probs.argmax(dim=1)).split(lengths)

        # theta <- theta + alpha grad J(theta), i.e. a descent step on the surrogate loss.
        rewards = [r for _, _, r in trajectories]
        weights = _weights(rewards, gamma, use_reward_to_go, baseline)
        loss = _policy_gradient_loss(log_probs, weights)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if bar is not None:
            bar.update(1)
            bar.set_postfix(ret=f"{np.mean(episode_returns[-episodes_per_iteration:]):.1f}")
    if bar is not None:
        bar.close()
    return episode_returns
