"""Part 4, Deep Q-learning: the lecture's network, replay memory, loss with a frozen target."""

import numpy as np
from gradescope_utils.autograder_utils.decorators import leaderboard

from autograder import scheme
from autograder.grading import graded, header, learning_verdict


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
    if int(got["empty_slot_draws"]):
        problems.append(f"{int(got['empty_slot_draws'])} sampled transitions came from slots "
                        "that were never written (all zeros): draw indices from "
                        "range(len(buffer)), not range(capacity)")
    elif not sampled <= stored:
        problems.append("sample() returned transitions that are not stored (any more): an "
                        "empty slot or one already overwritten")
    elif sampled != stored:
        problems.append(f"over {len(got['sampled_ids'])} draws, sample() never returned "
                        f"{len(stored - sampled)} of the {len(stored)} stored transitions: "
                        "sample uniformly from every filled slot")
    if not bool(got["rows_consistent"]) and not int(got["empty_slot_draws"]):
        problems.append("a sampled obs, reward and next_obs do not belong to the same "
                        "transition: index every array with the same indices")
    if not np.all(got["dtypes_ok"]):
        problems.append("sample() must return obs/next_obs uint8, actions int64, rewards and "
                        "terminated float32 tensors")
    if not bool(got["seeded_repeat"]):
        problems.append("two buffers built with the same seed sampled differently: draw with "
                        "the buffer's own np.random.default_rng(seed)")
    if int(got["empty_slot_draws"]):
        problems.append(grader.named("dqn_buffer_samples_unfilled_slots"))
    assert not problems, header(check, case_id) + "\n".join(f"- {p}" for p in problems)


@graded("dqn.loss", 3)
def test_dqn_loss(grader, case_id):
    """dqn_loss: value and gradient with a frozen target"""
    check = scheme.check("dqn.loss")
    got = grader.actual(check, case_id)
    assert float(got["target_gradient"]) == 0.0, header(check, case_id) + (
        "Gradient reached the target network (or its weights changed): compute "
        "max_a' Q_old(s', a') under torch.no_grad() (or .detach() it): Q_old is frozen.\n\n"
        + grader.named("dqn_target_not_detached"))
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
    passes, score, _ = learning_verdict(case, returns)
    if set_leaderboard_value is not None:
        set_leaderboard_value(score)
    assert passes, header(check, case_id) + (
        f"After {case['num_steps']} steps your last {case['last']} episodes average {score:.2f}; "
        f"a correct DQN scores at least {case['min_return']:g} here, a random policy about -0.9 "
        "(never above -0.65 in 300 runs). Check the target (frozen network, no gradient, "
        "(1 - terminated)), that you train on random minibatches from the replay memory, and "
        "the epsilon schedule.")


@graded("dqn.train_transitions", 7)
def test_train_dqn_stores_transitions(grader, case_id):
    """train_dqn: stores (phi_t, a_t, r_t, phi_t+1, terminated) in D"""
    check = scheme.check("dqn.train_transitions")
    got = grader.actual(check, case_id)
    steps, adds = int(got["env_steps"]), int(got["adds"])
    problems = []
    if steps != check.case(case_id)["num_steps"]:
        problems.append(f"train_dqn(env, num_steps={check.case(case_id)['num_steps']}) took "
                        f"{steps} env steps: take exactly num_steps steps (one per loop "
                        "iteration, resets not counted)")
    if adds != steps:
        problems.append(f"train_dqn took {steps} env steps but called ReplayBuffer.add {adds} "
                        "times: store every transition once, right after env.step")
    wrong = {"obs_differs": "phi_t (the observation the action was chosen on)",
             "action_differs": "a_t", "reward_differs": "r_t",
             "next_obs_differs": "phi_t+1 (the observation env.step returned, also when the "
                                 "episode ended: not the one env.reset returned)"}
    for output, what in wrong.items():
        if int(got[output]):
            problems.append(f"{int(got[output])} stored transitions have another {what} than "
                            "the env's step")
    if int(got["terminal_flag_on_truncation"]):
        problems.append(f"{int(got['terminal_flag_on_truncation'])} transitions cut by the time "
                        "limit (truncated, not terminated) were stored as terminal\n\n"
                        + grader.named("dqn_mask_on_truncation"))
    if int(got["terminal_flag_differs"]):
        problems.append(f"{int(got['terminal_flag_differs'])} stored `terminated` flags differ "
                        "from the env's `terminated`")
    assert not problems, header(check, case_id) + "\n".join(f"- {p}" for p in problems) + (
        f"\n\nRe-read Algorithm 1: `{check.formula}`")
