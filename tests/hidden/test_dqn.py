"""Part 4, Deep Q-learning: the lecture's network, replay memory, loss with a frozen target."""

import numpy as np
from gradescope_utils.autograder_utils.decorators import leaderboard

from autograder import scheme
from autograder.grading import graded, header


@graded("dqn.network", 1)
def test_q_network(grader, case_id):
    """QNetwork: the lecture's layers, parameter count and forward pass"""
    grader.assert_matches(scheme.check("dqn.network"), case_id)


@graded("dqn.replay_buffer", 2)
def test_replay_buffer(grader, case_id):
    """ReplayBuffer: wrap-around, filled slots only, dtypes, seeding"""
    check = scheme.check("dqn.replay_buffer")
    case = check.case(case_id)
    got = grader.actual(check, case_id)
    stored = set(range(max(0, case["adds"] - case["capacity"]), case["adds"]))
    problems = []
    if int(got["len"]) != len(stored):
        problems.append(f"len(buffer) is {int(got['len'])} after {case['adds']} adds with "
                        f"capacity {case['capacity']}; it should be {len(stored)}")
    sampled = set(int(i) for i in got["sampled_ids"])
    if not sampled <= stored:
        problems.append("sample() returned transitions that are not stored (any more): an "
                        "empty slot or one already overwritten")
    elif sampled != stored:
        problems.append(f"over {len(got['sampled_ids'])} draws, sample() never returned "
                        f"{len(stored - sampled)} of the {len(stored)} stored transitions: "
                        "sample uniformly from every filled slot")
    if not bool(got["rows_consistent"]):
        problems.append("a sampled obs, reward and next_obs do not belong to the same "
                        "transition: index every array with the same indices")
    if not np.all(got["dtypes_ok"]):
        problems.append("sample() must return obs/next_obs uint8, actions int64, rewards and "
                        "terminated float32 tensors")
    if not bool(got["seeded_repeat"]):
        problems.append("two buffers built with the same seed sampled differently: draw with "
                        "the buffer's own np.random.default_rng(seed)")
    assert not problems, header(check, case_id) + "\n".join(f"- {p}" for p in problems)


@graded("dqn.loss", 3)
def test_dqn_loss(grader, case_id):
    """dqn_loss: value and gradient with a frozen target"""
    check = scheme.check("dqn.loss")
    got = grader.actual(check, case_id)
    assert float(got["target_gradient"]) == 0.0, header(check, case_id) + (
        "Gradient reached the target network (or its weights changed): compute "
        "max_a' Q_old(s', a') under torch.no_grad() (or .detach() it): Q_old is frozen.")
    grader.assert_matches(check, case_id)


@graded("dqn.target_update", 4)
def test_update_target(grader, case_id):
    """update_target: Q_old <- Q_new, a copy"""
    grader.assert_matches(scheme.check("dqn.target_update"), case_id)


@graded("dqn.epsilon_schedule", 5)
def test_epsilon_schedule(grader, case_id):
    """epsilon_at: linear decay, then constant"""
    grader.assert_matches(scheme.check("dqn.epsilon_schedule"), case_id)


@leaderboard("Catch return (last 20 episodes)")
@graded("dqn.train", 6)
def test_train_dqn_learns_catch(grader, case_id, set_leaderboard_value=None):
    """train_dqn: learns to play Catch within 4,000 steps"""
    check = scheme.check("dqn.train")
    case = check.case(case_id)
    returns = grader.actual(check, case_id)["returns"]
    score = float(np.mean(returns[-case["last"]:]))
    if set_leaderboard_value is not None:
        set_leaderboard_value(score)
    assert score >= case["min_return"], header(check, case_id) + (
        f"After {case['num_steps']} steps your last {case['last']} episodes average {score:.2f}; "
        f"a correct DQN scores at least {case['min_return']:g} here (a random policy about "
        "-0.9). Check the target (frozen network, no gradient, (1 - terminated)), that you "
        "train on random minibatches from the replay memory, and the epsilon schedule.")
