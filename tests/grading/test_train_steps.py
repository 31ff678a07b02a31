"""The step-by-step watch of train_dqn (`dqn.train_steps`) passes correct loops written other
ways: the target built by copy.deepcopy and synced before the step's gradient step, RMSprop,
zeroed (not freed) gradients, the random action drawn before the coin. Each loop runs the
check's own job through the worker, as at build time, and is judged by the real verdict.
"""

from __future__ import annotations

import pytest
from bank import expected_dir
from submissions import REPO

from autograder import scheme
from autograder.build import reference, variants
from autograder.grade.session import GradingSession

# The correct alternative of tests/variants/correct, as the code appended to the reference.
DQN_OTHER_WAYS = variants.source(variants.by_id("correct")["dqn_other_ways"]).removeprefix(
    variants.reference_source("dqn")
)

CHECK = scheme.check("dqn.train_steps")

DEEPCOPY_SYNC_FIRST = '''

def train_dqn(env, num_steps, *, seed=0, gamma=0.99, lr=1e-3, batch_size=32,
              buffer_capacity=10_000, learning_starts=100, train_every=1,
              target_update_every=10, epsilon_start=1.0, epsilon_end=0.05,
              epsilon_decay_steps=500, progress=None):
    """Q_old by copy.deepcopy and synced at the top of the step; RMSprop; zeroed gradients."""
    import copy

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
'''

ALTERNATIVES = {"deepcopy-sync-first-rmsprop": DEEPCOPY_SYNC_FIRST, "other-ways": DQN_OTHER_WAYS}


@pytest.mark.parametrize("name", list(ALTERNATIVES))
def test_a_correct_loop_written_another_way_passes(tmp_path, name):
    folder = tmp_path / "module"
    folder.mkdir()
    (folder / "dqn.py").write_text((REPO / "solutions" / "dqn.py").read_text() + ALTERNATIVES[name])
    jobs = [job for job in scheme.jobs("dqn", reference=True) if job["function"] == "train_dqn"]
    jobs = [job for job in jobs if job["key"].startswith(CHECK.probe + "--")]
    outcomes = reference.run_trusted("dqn", folder, tmp_path / "work", jobs=jobs)
    session = GradingSession.replaying(expected_dir(), {"dqn": outcomes})
    for case_id in CHECK.cases:
        session.judge(CHECK.id, case_id)  # AssertionError with the feedback if it fails
