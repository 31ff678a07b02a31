"""Correct submissions written differently from the reference score full marks on their part.

Each graded submission carries one alternative per part file, so that a few end-to-end gradings
cover them all: explicit Python loops (vectorised over s' only), einsum and matmul instead of
broadcasting, (1 - alpha) Q + alpha target instead of Q + alpha delta, and random numbers drawn in
other orders (rng.integers before rng.random, rng.choice with probabilities, every env.reset
seeded differently). The stochastic checks must pass whatever order a correct submission draws
in: their thresholds are validated on many seeds by benchmarks/validate_thresholds.py.

The deep parts: indexing by arange instead of gather, a detached target instead of no_grad,
update_target by copy_, rng.choice in the replay buffer, other draw orders in train_dqn, and a
train_reinforce that keeps log-probabilities while acting and calls a vectorised reinforce_loss
(its baseline, which reinforce.train asks for, is the other reading of "their average over the
batch": over every time step, not over trajectories).

float32 arithmetic in the dynamic-programming backups is accepted too (returned as float32 or
float64): the dp tolerances (atol 1e-6, stopping rule rtol 1e-6) sit above float32 rounding and
below every known mistake (tests/grading/test_mistake_bank.py).
"""

import pytest
from submissions import REPO, entries_of, grade, only, submission_with

from autograder import scheme

# ---- dynamic programming ---------------------------------------------------------------------
DP_LOOPS = '''"""Loops over states and actions; each expectation over s' is one dot product."""

import numpy as np


def bellman_backup_v(mdp, V):
    V_new = np.empty(mdp.num_states)
    for s in range(mdp.num_states):
        best = -np.inf
        for a in range(mdp.num_actions):
            value = np.dot(mdp.P[s, a], mdp.R[s, a] + mdp.gamma * V)
            if value > best:
                best = value
        V_new[s] = best
    return V_new


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    iteration = 0
    while iteration < max_iters:
        V_new = bellman_backup_v(mdp, V)
        iteration += 1
        change = max(abs(V_new[s] - V[s]) for s in range(mdp.num_states))
        V = V_new
        if change < tol:
            break
    return V


def bellman_backup_q(mdp, Q):
    best_next = np.array([max(Q[s2]) for s2 in range(mdp.num_states)])
    Q_new = np.zeros((mdp.num_states, mdp.num_actions))
    for s in range(mdp.num_states):
        for a in range(mdp.num_actions):
            Q_new[s, a] = mdp.P[s, a] @ (mdp.R[s, a] + mdp.gamma * best_next)
    return Q_new


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)
        converged = np.all(np.abs(Q_new - Q) < tol)
        Q = Q_new
        if converged:
            break
    return Q


def greedy_policy(Q):
    pi = np.zeros(Q.shape[0], dtype=int)
    for s in range(Q.shape[0]):
        best = 0
        for a in range(1, Q.shape[1]):
            if Q[s, a] > Q[s, best]:
                best = a
        pi[s] = best
    return pi
'''

DP_EINSUM = '''"""einsum for the expected reward, matmul for the expected next value."""

import numpy as np


def _expected_reward(mdp):
    return np.einsum("sat,sat->sa", mdp.P, mdp.R)


def bellman_backup_v(mdp, V):
    return np.max(_expected_reward(mdp) + mdp.gamma * np.einsum("sat,t->sa", mdp.P, V), axis=1)


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        V, previous = bellman_backup_v(mdp, V), V
        if np.linalg.norm(V - previous, ord=np.inf) < tol:
            break
    return V


def bellman_backup_q(mdp, Q):
    return _expected_reward(mdp) + mdp.gamma * (mdp.P @ Q.max(axis=1))


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q, previous = bellman_backup_q(mdp, Q), Q
        if np.abs(Q - previous).max() < tol:
            break
    return Q


def greedy_policy(Q):
    return np.array([int(np.flatnonzero(row == row.max())[0]) for row in Q], dtype=np.int64)
'''

DP_FLOAT32 = '''"""The reference's loops; the backups compute in float32, return RETURNED."""

import numpy as np


def bellman_backup_v(mdp, V):
    P, R = mdp.P.astype(np.float32), mdp.R.astype(np.float32)
    V = np.asarray(V, dtype=np.float32)
    Q = np.sum(P * (R + np.float32(mdp.gamma) * V[None, None, :]), axis=2)
    return Q.max(axis=1).astype(np.RETURNED)


def value_iteration(mdp, tol=1e-8, max_iters=10_000):
    V = np.zeros(mdp.num_states)
    for _ in range(max_iters):
        V_new = bellman_backup_v(mdp, V)
        if np.max(np.abs(V_new - V)) < tol:
            return V_new
        V = V_new
    return V


def bellman_backup_q(mdp, Q):
    P, R = mdp.P.astype(np.float32), mdp.R.astype(np.float32)
    V = np.asarray(Q, dtype=np.float32).max(axis=1)
    return np.sum(P * (R + np.float32(mdp.gamma) * V[None, None, :]), axis=2).astype(np.RETURNED)


def q_iteration(mdp, tol=1e-8, max_iters=10_000):
    Q = np.zeros((mdp.num_states, mdp.num_actions))
    for _ in range(max_iters):
        Q_new = bellman_backup_q(mdp, Q)
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new
        Q = Q_new
    return Q


def greedy_policy(Q):
    return np.argmax(Q, axis=1)
'''

# ---- TD(0) ---------------------------------------------------------------------------------
TD_RUNNING_AVERAGE = '''"""(1 - alpha) V + alpha sample; every reset seeded with seed + episode."""

import numpy as np


def td0_update(V, s, r, s_next, done, alpha, gamma):
    if done:
        sample = r
    else:
        sample = r + gamma * V[s_next]
    before = V[s]
    V[s] = (1 - alpha) * V[s] + alpha * sample
    return sample - before


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    V = np.zeros(env.observation_space.n)
    for episode in range(num_episodes):
        s, _ = env.reset(seed=seed + episode)
        done = False
        while not done:
            s_next, r, terminated, truncated, _ = env.step(int(policy[s]))
            td0_update(V, s, r, s_next, terminated, alpha, gamma)
            done = terminated or truncated
            s = s_next
    return V
'''

TD_RNG_RESETS = '''"""V + alpha delta with a multiplicative mask; resets seeded from a generator."""

import numpy as np


def td0_update(V, s, r, s_next, done, alpha, gamma):
    delta = r + gamma * V[s_next] * (1.0 - float(done)) - V[s]
    V[s] += alpha * delta
    return float(delta)


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    seeds = np.random.default_rng(seed).integers(0, 2**31 - 1, size=num_episodes)
    V = np.zeros(env.observation_space.n)
    for episode_seed in seeds:
        state, _ = env.reset(seed=int(episode_seed))
        while True:
            action = policy[state].item()
            next_state, reward, terminated, truncated, _ = env.step(action)
            td0_update(V, state, reward, next_state, terminated, alpha, gamma)
            if terminated or truncated:
                break
            state = next_state
    return V
'''

# ---- Q-learning ----------------------------------------------------------------------------
QL_INTEGERS_FIRST = '''"""rng.integers before rng.random; Q + alpha delta; loops for linear Q."""

import numpy as np


def epsilon_greedy(q_values, epsilon, rng):
    random_action = rng.integers(len(q_values))
    explore = rng.random() < epsilon
    return int(random_action) if explore else int(np.argmax(q_values))


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    best_next = 0.0 if done else Q[s_next].max()
    delta = r + gamma * best_next - Q[s, a]
    Q[s, a] += alpha * delta
    return float(delta)


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    for episode in range(num_episodes):
        s, _ = env.reset(seed=seed) if episode == 0 else env.reset()
        done = False
        while not done:
            a = epsilon_greedy(Q[s], epsilon, rng)
            s_next, r, terminated, truncated, _ = env.step(a)
            q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma)
            s, done = s_next, terminated or truncated
    return Q


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    num_actions, num_features = W.shape
    q_next = [sum(W[k, j] * x_next[j] for j in range(num_features)) + b[k]
              for k in range(num_actions)]
    target = r if done else r + gamma * max(q_next)
    q = sum(W[a, j] * x[j] for j in range(num_features)) + b[a]
    delta = target - q
    for j in range(num_features):
        W[a, j] += alpha * delta * x[j]
    b[a] += alpha * delta
    return float(delta)
'''

QL_CHOICE = '''"""One rng.choice with epsilon-greedy's probabilities; (1 - alpha) Q + alpha target;
resets seeded from the generator; a one-hot gradient for the linear Q."""

import numpy as np


def epsilon_greedy(q_values, epsilon, rng):
    num_actions = len(q_values)
    probabilities = np.full(num_actions, epsilon / num_actions)
    probabilities[np.argmax(q_values)] += 1.0 - epsilon
    return int(rng.choice(num_actions, p=probabilities))


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    target = r if done else r + gamma * np.max(Q[s_next])
    delta = target - Q[s, a]
    Q[s, a] = (1 - alpha) * Q[s, a] + alpha * target
    return float(delta)


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    Q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(seed)
    for _ in range(num_episodes):
        s, _ = env.reset(seed=int(rng.integers(2**31)))
        while True:
            a = epsilon_greedy(Q[s], epsilon, rng)
            s_next, r, terminated, truncated, _ = env.step(a)
            q_learning_update(Q, s, a, r, s_next, terminated, alpha, gamma)
            if terminated or truncated:
                break
            s = s_next
    return Q


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    q_next = np.einsum("ad,d->a", W, x_next) + b
    target = r + (0.0 if done else gamma * q_next.max())
    delta = target - (np.dot(W[a], x) + b[a])
    one_hot = np.eye(len(b))[a]
    W += alpha * delta * np.outer(one_hot, x)
    b += alpha * delta * one_hot
    return float(delta)
'''

# ---- deep parts: the reference file with functions written another way appended -----------
DQN_OTHER_WAYS = '''

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
    return Batch(torch.as_tensor(self.obs[idx]), torch.as_tensor(self.actions[idx]),
                 torch.as_tensor(self.rewards[idx]), torch.as_tensor(self.next_obs[idx]),
                 torch.as_tensor(self.terminated[idx]))


ReplayBuffer.sample = _sample_with_choice


def train_dqn(env, num_steps, *, seed=0, gamma=0.99, lr=1e-3, batch_size=32,
              buffer_capacity=10_000, learning_starts=100, train_every=1,
              target_update_every=10, epsilon_start=1.0, epsilon_end=0.05,
              epsilon_decay_steps=500, progress=None):
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
'''

REINFORCE_OTHER_WAYS = '''

def reinforce_loss(log_probs, rewards):
    """Vectorised over trajectories: a stack of per-trajectory sums times a tensor of returns."""
    sums = torch.stack([lp.sum() for lp in log_probs])
    returns = torch.tensor([float(np.sum(r)) for r in rewards], dtype=sums.dtype)
    return -(sums * returns).mean()


def train_reinforce(env, num_iterations, *, seed=0, episodes_per_iteration=16, lr=0.01,
                    gamma=1.0, use_reward_to_go=False, baseline=False, progress=None):
    """Log-probabilities kept while acting, one distribution per step; reinforce_loss, also
    with baseline=True: its average over every time step of the batch (long episodes weigh
    more), spread over each trajectory's rewards so that they sum to R(tau_i) - b."""
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
        if baseline:
            lengths = np.array([len(r) for r in batch_rewards])
            sums = np.array([sum(r) for r in batch_rewards])
            b = float((lengths * sums).sum() / lengths.sum())
            batch_rewards = [[x - b / len(r) for x in r] for r in batch_rewards]
        loss = reinforce_loss(batch_log_probs, batch_rewards)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return returns
'''


def _reference_with(file_name: str, appended: str) -> str:
    return (REPO / "solutions" / file_name).read_text() + appended


SUBMISSIONS = {
    "loops": {"dp.py": DP_LOOPS, "td.py": TD_RUNNING_AVERAGE, "q_learning.py": QL_INTEGERS_FIRST},
    "vectorised": {"dp.py": DP_EINSUM, "td.py": TD_RNG_RESETS, "q_learning.py": QL_CHOICE},
    "float32-returned-as-float32": {"dp.py": DP_FLOAT32.replace("RETURNED", "float32")},
    "float32-returned-as-float64": {"dp.py": DP_FLOAT32.replace("RETURNED", "float64")},
    "deep-other-ways": {
        "dqn.py": _reference_with("dqn.py", DQN_OTHER_WAYS),
        "reinforce.py": _reference_with("reinforce.py", REINFORCE_OTHER_WAYS),
    },
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    cache = {}

    def results(name):
        if name not in cache:
            folder = submission_with(tmp_path_factory.mktemp(name), only(SUBMISSIONS[name]))
            cache[name] = grade(folder)
        return cache[name]

    return results


CASES = [
    (name, scheme.PARTS[file.removesuffix(".py")].name)
    for name, files in SUBMISSIONS.items()
    for file in files
]


@pytest.mark.parametrize(
    ("submission", "part"), CASES, ids=[f"{name}-{part}" for name, part in CASES]
)
def test_alternative_scores_full_marks_on_its_part(graded, submission, part):
    results = graded(submission)
    for check in scheme.checks_of(part):
        if check.reference_only:
            continue
        entries = entries_of(results, check.id)
        assert len(entries) == len(check.cases), check.id
        failed = {t["name"]: t["output"][:600] for t in entries if t["status"] != "passed"}
        assert not failed, f"{submission} loses points on {check.id}: {failed}"
        assert sum(t["score"] for t in entries) == pytest.approx(check.points), check.id
