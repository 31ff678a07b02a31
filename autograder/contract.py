"""The student contract as data: every clause the five stubs' docstrings state, and what checks it.

One row per clause: the function or class of `scheme.contract()` it belongs to (a method as
`Class.method`), the clause in the docstring's words, the checks of `scheme.CHECKS` that fail when
it is broken, and the proof that they do:

- `mistakes`: known mistakes of `autograder/build/mistakes/` that break the clause; the mistake
  bank test (`tests/grading/test_mistake_bank.py`) proves each loses points in every check of its
  CAUGHT_BY and is named there, and every one shares a check with the clause's `checks`;
- `tests`: where no mistake can be named (the read-back refuses a wrong shape or type before any
  mistake is compared, a probe's contract error carries no output), a test of
  `tests/grading/` that breaks the clause and loses the points (`file.py::test_name`), an
  attack of `tests/grading/attacks/` whose `# target:` is the function (`attacks/name.py`, graded
  by `test_attacks.py` at most at the honest bound), or a variant of `tests/variants/unnamed/`
  with TOLD (`unnamed/<id>`: `test_told.py` proves it loses points on its CAUGHT_BY and is told
  TOLD);
- `unproven`: a check watches the clause but no named mistake or test proves it yet, and why;
- `gap=True`: no check fails when the clause is broken (no checks, no proof): a missing check.

`tests/grading/test_contract_table.py` keeps the table honest against the scheme and the bank.
`python -m autograder.contract` prints its size and the gaps.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Clause:
    function: str  # a name of scheme.contract(), or "Class.method"
    text: str  # the clause, in the docstring's words
    checks: tuple = ()  # check ids that fail when the clause is broken
    mistakes: tuple = ()  # mistake ids (the bank's proof)
    tests: tuple = ()  # other proofs: "test_file.py::test_name" or "attacks/name.py"
    unproven: str = ""  # checked, but not proven by a named mistake or a test: why
    gap: bool = False  # no check watches this clause
    note: str = ""

    @property
    def owner(self) -> str:
        """The contract name the clause belongs to (the class of a method)."""
        return self.function.split(".", 1)[0]


C = Clause

_VI = ("dp.backup_v", "dp.k_backups", "dp.value_iteration", "dp.stopping_rule")
_QI = ("dp.backup_q", "dp.q_iteration")
_E2E = "test_end_to_end.py::"

CLAUSES = [
    # -- dp.py ------------------------------------------------------------------------------
    C(
        "bellman_backup_v",
        "V^{i+1}(s) <- max_a sum_s' p(s'|s,a) [r(s,a,s') + gamma V^i(s')]: the "
        "expectation over s' of reward plus discounted value, then the max over actions",
        _VI,
        ("dp_max_over_next_states", "dp_reward_outside_expectation"),
    ),
    C(
        "bellman_backup_v",
        "the reward is r(s,a,s') = R[s, a, s'], inside the sum over s'",
        _VI,
        ("dp_reward_diagonal",),
    ),
    C(
        "bellman_backup_v",
        "synchronous: every V^{i+1}(s) is computed from the old V^i",
        ("dp.backup_v", "dp.k_backups", "dp.stopping_rule"),
        ("dp_in_place_backup",),
    ),
    C(
        "bellman_backup_v",
        "V: do not modify it (return new arrays)",
        ("dp.backup_v",),
        tests=(
            "attacks/mutate_input.py",
            "attacks/contract_bypass.py",
            "test_attacks.py::test_patching_the_sandbox_side_input_check_does_not_hide_a_mutation",
        ),
    ),
    C(
        "bellman_backup_v",
        "returns np.ndarray, shape (S,), float64: the new values",
        ("dp.backup_v",),
        tests=(_E2E + "test_wrong_shape_and_wrong_type_get_their_own_message",),
    ),
    C(
        "bellman_backup_v",
        "do not modify `mdp` (module docstring)",
        ("dp.backup_v",),
        ("dp_backup_writes_into_mdp",),
        note="mdp.P, mdp.R and mdp.gamma come back raw after the call on the MDPs up to 20 "
        "states; each case builds its own MDP (attacks/mutate_mdp.py)",
    ),
    C(
        "value_iteration",
        "start from V^0 = zeros; with no stop, return V^{max_iters}, the result "
        "of exactly max_iters backups",
        ("dp.k_backups",),
        ("dp_vi_extra_backup",),
    ),
    C(
        "value_iteration",
        "return the first iterate V^i with max_s |V^i(s) - V^{i-1}(s)| < tol",
        ("dp.stopping_rule",),
        ("dp_vi_returns_previous_iterate", "dp_vi_sum_stopping_rule"),
    ),
    C(
        "value_iteration",
        "V^0 -> V^1 -> ... -> V*: converges to V*",
        ("dp.value_iteration",),
        ("dp_max_over_next_states", "dp_reward_diagonal", "dp_reward_outside_expectation"),
    ),
    C(
        "value_iteration",
        "returns np.ndarray, shape (S,), float64",
        ("dp.value_iteration",),
        tests=("attacks/nan.py",),
        note="NaN is refused at read-back like a wrong shape",
    ),
    C(
        "bellman_backup_q",
        "Q^{i+1}(s,a) <- sum_s' p(s'|s,a) [r(s,a,s') + gamma max_a' Q^i(s',a')]",
        _QI,
        (
            "dp_q_backup_mean_over_actions",
            "dp_q_in_place_backup",
            "dp_max_over_next_states",
            "dp_reward_diagonal",
            "dp_reward_outside_expectation",
        ),
    ),
    C(
        "bellman_backup_q",
        "Q: do not modify it",
        ("dp.backup_q",),
        tests=("unnamed/dp_backup_q_writes_into_q",),
    ),
    C(
        "bellman_backup_q",
        "returns np.ndarray, shape (S, A), float64",
        ("dp.backup_q",),
        tests=("attacks/list_return.py",),
    ),
    C(
        "q_iteration",
        "Q^0 = 0 -> Q^1 -> ... -> Q*: converges to Q*",
        ("dp.q_iteration",),
        ("dp_q_backup_mean_over_actions", "dp_reward_diagonal"),
    ),
    C(
        "q_iteration",
        "the same stopping rule as value_iteration: the first Q^i with "
        "max |Q^i - Q^{i-1}| < tol, or Q^{max_iters}",
        ("dp.q_iteration",),
        ("dp_qi_returns_previous_iterate",),
        note="three cases with tol = 0.01, one with tol = 0.3 where a rule on max_a Q stops early, "
        "and one with max_iters = 3",
    ),
    C(
        "greedy_policy",
        "pi*(s) = argmax_a Q(s, a); ties go to the lowest action index",
        ("dp.greedy_policy",),
        ("dp_greedy_ties_highest",),
    ),
    C(
        "greedy_policy",
        "returns np.ndarray, shape (S,), integer dtype",
        ("dp.greedy_policy",),
        tests=(
            _E2E + "test_wrong_shape_and_wrong_type_get_their_own_message",
            "attacks/torch_grad.py",
        ),
    ),
    C(
        "greedy_policy",
        "do not modify Q",
        ("dp.greedy_policy",),
        tests=("unnamed/dp_greedy_policy_shifts_q",),
    ),
    # -- td.py ------------------------------------------------------------------------------
    C(
        "td0_update",
        "sample = r + gamma V^pi(s')",
        ("td.update_stream", "td.evaluate"),
        ("td_missing_gamma",),
    ),
    C(
        "td0_update",
        "V^pi(s) <- V^pi(s) + alpha (sample - V^pi(s))",
        ("td.update_stream", "td.evaluate"),
        ("td_alpha_twice",),
    ),
    C(
        "td0_update",
        "when done, take V^pi(s') as 0 in the sample, whatever V[s_next] holds",
        ("td.update_stream",),
        ("td_bootstrap_through_terminal",),
    ),
    C(
        "td0_update",
        "update V[s] in place, nothing else",
        ("td.update_stream", "td.evaluate"),
        ("td_updates_next_state", "td_update_not_in_place"),
    ),
    C(
        "td0_update",
        "returns the TD error delta = sample - V^pi(s), with V^pi(s) before the update",
        ("td.update_stream",),
        ("td_delta_after_update", "td_negated_delta"),
    ),
    C(
        "td0_update",
        "returns a float",
        ("td.update_stream",),
        tests=("unnamed/td_update_returns_v",),
    ),
    C(
        "td0_evaluate",
        "start from V = zeros, act a = policy[s], call td0_update after every "
        "transition: V approaches V^pi",
        ("td.evaluate",),
        tests=("unnamed/td_loop_never_advances",),
    ),
    C(
        "td0_evaluate",
        "an episode ends on terminated or truncated; only terminated stops the "
        "bootstrapping (done = terminated)",
        ("td.evaluate",),
        tests=("unnamed/td_loop_done_on_truncation",),
        note="the racing-truncated case ends every episode by truncation",
    ),
    C(
        "td0_evaluate",
        "the first episode starts with env.reset(seed=seed), every later one with env.reset()",
        ("td.evaluate",),
        ("td_reset_seeded_every_episode",),
        note="the probe records the seed of every env.reset, raw; the grader judges them",
    ),
    # -- q_learning.py ----------------------------------------------------------------------
    C(
        "epsilon_greedy",
        "argmax_a Q(s, a) with probability 1 - epsilon, a random action with probability epsilon",
        ("q_learning.epsilon_greedy",),
        ("q_learning_explore_one_minus_epsilon",),
    ),
    C(
        "epsilon_greedy",
        "the random action is uniform over ALL actions, the greedy one included",
        ("q_learning.epsilon_greedy",),
        ("q_learning_explore_excludes_greedy",),
    ),
    C(
        "epsilon_greedy",
        "ties: the greedy action is the lowest index",
        ("q_learning.epsilon_greedy",),
        ("q_learning_greedy_ties_highest",),
    ),
    C(
        "epsilon_greedy",
        "rng is the only source of randomness (no np.random.*, no random)",
        ("q_learning.epsilon_greedy",),
        ("q_learning_epsilon_greedy_global_random",),
        note="two replays from one rng seed, with numpy's and Python's global generators seeded "
        "differently in between, must give the same actions",
    ),
    C(
        "epsilon_greedy",
        "returns an int action in 0 .. A-1",
        ("q_learning.epsilon_greedy",),
        tests=(
            "unnamed/q_learning_epsilon_greedy_returns_array",
            "unnamed/q_learning_epsilon_greedy_one_based",
        ),
    ),
    C(
        "q_learning_update",
        "target = r + gamma max_a' Q(s', a')",
        ("q_learning.update_stream", "q_learning.learning"),
        ("q_learning_missing_gamma", "q_learning_mean_target"),
    ),
    C(
        "q_learning_update",
        "Q(s,a) <- (1 - alpha) Q(s,a) + alpha target",
        ("q_learning.update_stream", "q_learning.learning"),
        ("q_learning_alpha_twice",),
    ),
    C(
        "q_learning_update",
        "when done the target is just r (max_a' Q(s', a') taken as 0)",
        ("q_learning.update_stream",),
        ("q_learning_bootstrap_through_terminal",),
    ),
    C(
        "q_learning_update",
        "update Q[s, a] in place, nothing else",
        ("q_learning.update_stream",),
        ("q_learning_updates_every_action",),
    ),
    C(
        "q_learning_update",
        "returns delta = target - Q(s, a), with Q(s, a) before the update",
        ("q_learning.update_stream",),
        ("q_learning_delta_after_update",),
    ),
    C(
        "q_learning",
        "Q = zeros and rng = default_rng(seed); in each state a = epsilon_greedy(Q[s], "
        "epsilon, rng), step, q_learning_update: Q approaches Q* and its greedy policy",
        ("q_learning.learning",),
        tests=(
            "unnamed/q_learning_loop_never_advances",
            "unnamed/q_learning_loop_greedy_only",
            "unnamed/q_learning_loop_sarsa",
        ),
    ),
    C(
        "q_learning",
        "an episode ends on terminated or truncated; only terminated stops the "
        "bootstrapping (done = terminated)",
        ("q_learning.learning",),
        tests=("unnamed/q_learning_loop_done_on_truncation",),
        note="the racing-truncated case ends every episode by truncation",
    ),
    C(
        "q_learning",
        "the first episode starts with env.reset(seed=seed), every later one with env.reset()",
        ("q_learning.learning",),
        ("q_learning_reset_never_seeded",),
        note="the probe records the seed of every env.reset, raw; the grader judges them",
    ),
    C(
        "linear_q_update",
        "delta = r + gamma max_a' Q(x_next, a') - Q(x, a) with "
        "Q(x, a) = W[a] . x + b[a], computed before the update; no max term when done",
        ("q_learning.linear_update_stream",),
        ("q_learning_linear_ignores_done",),
    ),
    C(
        "linear_q_update",
        "W[a] <- W[a] + alpha delta x: along the gradient of Q(x, a), the target "
        "a constant (semi-gradient)",
        ("q_learning.linear_update_stream",),
        ("q_learning_linear_gradient_x_next",),
    ),
    C(
        "linear_q_update",
        "b[a] <- b[a] + alpha delta",
        ("q_learning.linear_update_stream",),
        ("q_learning_linear_forgets_bias",),
    ),
    C(
        "linear_q_update",
        "only the taken action's parameters move (row a of W, b[a]), in place",
        ("q_learning.linear_update_stream",),
        ("q_learning_linear_updates_all_actions",),
    ),
    C(
        "linear_q_update",
        "x, x_next: do not modify them",
        ("q_learning.linear_update_stream",),
        ("q_learning_linear_modifies_x",),
        note="x and x_next come back raw after every call; the grader compares them",
    ),
    # -- dqn.py -----------------------------------------------------------------------------
    C(
        "QNetwork",
        "the lecture's layers: 16 8x8 conv stride 4, 32 4x4 conv stride 2, FC-256, "
        "FC-num_actions, no padding",
        ("dqn.network",),
        tests=(_E2E + "test_deep_bad_input_gets_clear_messages_and_the_rest_is_graded",),
    ),
    C("QNetwork", "ReLU in between the layers", ("dqn.network",), ("dqn_network_missing_relu",)),
    C(
        "QNetwork",
        "x in 0..255 (uint8 or float) is scaled by /255 before the first convolution",
        ("dqn.network",),
        ("dqn_network_no_input_scaling", "dqn_network_scales_uint8_only"),
        note="q_values (uint8 input) and q_values_float_input (float input) each catch one",
    ),
    C(
        "QNetwork",
        "register the parameters in the order conv1, conv2, FC-256, FC-num_actions",
        ("dqn.network",),
        ("dqn_network_registration_order",),
    ),
    C(
        "QNetwork",
        "compute the input size of FC-256 from frame_size",
        ("dqn.network",),
        tests=(_E2E + "test_deep_bad_input_gets_clear_messages_and_the_rest_is_graded",),
        note="the 20 and 32 px cases; layers that do not fit fail the forward pass",
    ),
    C(
        "QNetwork",
        "frame_size below the smallest size: raise ValueError saying that size",
        ("dqn.network",),
        ("dqn_network_no_size_check",),
        note="the 20px case also builds QNetwork(4, 3, frame_size=19): ValueError, message with 20",
    ),
    C(
        "QNetwork.forward",
        "returns a (B, num_actions) float32 tensor",
        ("dqn.network",),
        tests=(
            "unnamed/dqn_network_keeps_a_singleton_axis",
            "unnamed/dqn_network_forward_float64",
        ),
    ),
    C(
        "ReplayBuffer",
        "D keeps the last N transitions: when full, the next overwrites the oldest",
        ("dqn.replay_buffer",),
        tests=("unnamed/dqn_buffer_stops_storing_when_full",),
    ),
    C(
        "ReplayBuffer.__len__",
        "the number of transitions stored (at most capacity)",
        ("dqn.replay_buffer",),
        tests=("unnamed/dqn_buffer_len_is_capacity",),
    ),
    C(
        "ReplayBuffer.add",
        "store (phi_t, a_t, r_t, phi_{t+1}, terminated) in the next slot, "
        "every field of one transition in one slot",
        ("dqn.replay_buffer",),
        tests=("unnamed/dqn_buffer_next_obs_into_next_slot",),
    ),
    C(
        "ReplayBuffer.sample",
        "indices rng.integers(0, len(self), size=batch_size): uniform over "
        "the stored transitions (never an empty slot), with replacement",
        ("dqn.replay_buffer",),
        ("dqn_buffer_samples_unfilled_slots",),
    ),
    C(
        "ReplayBuffer.sample",
        "the buffer's own generator np.random.default_rng(seed) is the only source of randomness",
        ("dqn.replay_buffer",),
        tests=("unnamed/dqn_buffer_samples_with_global_numpy",),
    ),
    C(
        "ReplayBuffer.sample",
        "returns a Batch: obs, next_obs (B, C, H, W) uint8, actions int64, "
        "rewards and terminated float32 tensors",
        ("dqn.replay_buffer",),
        tests=("unnamed/dqn_buffer_samples_float_frames",),
    ),
    C(
        "ReplayBuffer.sample",
        "raises ValueError when D is empty",
        ("dqn.replay_buffer",),
        ("dqn_buffer_empty_sample_no_error",),
    ),
    C(
        "dqn_loss",
        "y_j = r_j + gamma (1 - terminated_j) max_a' Q_old(phi_{j+1}, a'): no bootstrap "
        "after a termination",
        ("dqn.loss",),
        ("dqn_no_terminal_mask",),
    ),
    C("dqn_loss", "gamma discounts the bootstrap term", ("dqn.loss",), ("dqn_missing_gamma",)),
    C(
        "dqn_loss",
        "the bootstrap term is the max over the next actions, max_a' Q_old(phi_{j+1}, a')",
        ("dqn.loss",),
        ("dqn_target_taken_action",),
    ),
    C(
        "dqn_loss",
        "Q_old is target_net (the frozen copy), Q_new is q_net",
        ("dqn.loss",),
        ("dqn_online_network_as_target",),
    ),
    C(
        "dqn_loss",
        "the target has no gradient: the gradient reaches q_net's parameters and never "
        "target_net's",
        ("dqn.loss",),
        ("dqn_target_not_detached",),
    ),
    C(
        "dqn_loss",
        "Q_new(phi_j, a_j): the Q-value of the action taken",
        ("dqn.loss",),
        ("dqn_loss_max_over_actions", "dqn_gather_broadcast"),
    ),
    C(
        "dqn_loss",
        "loss = (1/B) sum_j (y_j - Q_new(phi_j, a_j))^2: the squared error",
        ("dqn.loss",),
        ("dqn_huber_loss",),
    ),
    C("dqn_loss", "averaged over the minibatch (1/B)", ("dqn.loss",), ("dqn_sum_instead_of_mean",)),
    C(
        "dqn_loss",
        "returns a 0-dim float32 tensor",
        ("dqn.loss",),
        tests=(_E2E + "test_deep_bad_input_gets_clear_messages_and_the_rest_is_graded",),
    ),
    C(
        "update_target",
        "Q_old <- Q_new: copy q_net's weights into target_net; afterwards the two "
        "compute the same function",
        ("dqn.target_update",),
        tests=("unnamed/dqn_update_target_weights_only",),
    ),
    C(
        "update_target",
        "they must not share tensors: a later step on q_net leaves target_net unchanged",
        ("dqn.target_update",),
        ("dqn_update_target_aliases",),
    ),
    C(
        "epsilon_at",
        "epsilon(step) = start + (end - start) * min(step / decay_steps, 1): linear, then constant",
        ("dqn.epsilon_schedule",),
        ("dqn_epsilon_not_clamped",),
    ),
    C(
        "train_dqn",
        "initialize Q_new with random weights and Q_old <- Q_new",
        ("dqn.train_steps",),
        ("dqn_train_no_initial_target_copy",),
    ),
    C(
        "train_dqn",
        "each step t: with probability epsilon_at(t, epsilon_start, epsilon_end, "
        "epsilon_decay_steps) a random action, otherwise argmax_a Q_new(phi_t, a)",
        ("dqn.train_steps",),
        ("dqn_train_acts_with_target", "dqn_train_epsilon_per_episode"),
        note="every action with epsilon_at(t) = 0 must be argmax_a Q_new(phi_t, a); while "
        "epsilon > 0 the count of non-greedy actions must be one a correct loop gives in more "
        "than one run in a million",
    ),
    C(
        "train_dqn",
        "take exactly num_steps env steps",
        ("dqn.train_transitions",),
        tests=("unnamed/dqn_train_one_step_too_many",),
    ),
    C(
        "train_dqn",
        "store (phi_t, a_t, r_t, phi_{t+1}, terminated) with ReplayBuffer.add after "
        "every step: what env.step returned (phi_{t+1} also when the episode ended)",
        ("dqn.train_transitions",),
        tests=("unnamed/dqn_train_stores_reset_obs_as_next",),
    ),
    C(
        "train_dqn",
        "a time-limit truncation is not a termination: stored as terminated = False",
        ("dqn.train_transitions",),
        ("dqn_mask_on_truncation",),
    ),
    C(
        "train_dqn",
        "if the episode ended (terminated or truncated): record its return, reset the env",
        ("dqn.train_transitions",),
        tests=(
            "unnamed/dqn_train_no_reset_on_truncation",
            "unnamed/dqn_train_return_only_when_terminated",
        ),
    ),
    C(
        "train_dqn",
        "if t >= learning_starts and t % train_every == 0: sample batch_size "
        "transitions from D and take one gradient step",
        ("dqn.train_steps",),
        ("dqn_train_ignores_train_every", "dqn_train_no_zero_grad"),
        note="the step's gradient must be that of the dqn_loss computed at that step",
    ),
    C(
        "train_dqn",
        "the step is on dqn_loss(Q_new, Q_old, minibatch, gamma): Algorithm 1 learns Catch",
        ("dqn.train",),
        ("dqn_gather_broadcast",),
    ),
    C(
        "train_dqn",
        "if t % target_update_every == 0: Q_old <- Q_new",
        ("dqn.train_steps",),
        ("dqn_train_target_never_updated",),
        note="the Q_old of every dqn_loss call must be Q_new as of the last sync (after or "
        "before that step's gradient step)",
    ),
    C(
        "train_dqn",
        "one optimizer (Adam or RMSprop, learning rate lr) for Q_new, across all updates",
        ("dqn.train_steps",),
        ("dqn_train_new_optimizer_each_step",),
        note="its class and lr are watched too (no mistake in the bank for them)",
    ),
    C(
        "train_dqn",
        "seeding: torch.manual_seed(seed), np.random.default_rng(seed) for "
        "epsilon-greedy, env.reset(seed=seed) first (later resets unseeded), the buffer seeded "
        "with seed",
        ("dqn.train_steps",),
        ("dqn_train_unseeded_torch",),
        note="the epsilon-greedy generator's seed is not watched: a correct alternative "
        "(test_correct_alternatives.py) seeds it with seed + 1",
    ),
    C(
        "train_dqn",
        "returns the undiscounted return of every finished episode, in order",
        ("dqn.train_steps",),
        ("dqn_train_discounted_returns",),
        note="the learning check counts returns from its own record and only notes a wrong list",
    ),
    # -- reinforce.py -----------------------------------------------------------------------
    C(
        "PolicyNetwork",
        "obs_shape (D,): an MLP Linear(D, hidden) -> Tanh (or ReLU) -> Linear(hidden, A)",
        ("reinforce.policy_network",),
        ("reinforce_policy_no_activation",),
        note="one parameter of each of the layers' shapes, and the logits with the grader's "
        "weights loaded into them (by shape, whatever the names or order): Tanh's or ReLU's",
    ),
    C(
        "PolicyNetwork",
        "obs_shape (C, H, W): frames 0..255 scaled to [0, 1], then the lecture's "
        "convolutions, Linear(., hidden) -> ReLU -> Linear(hidden, A)",
        ("reinforce.policy_network",),
        ("reinforce_policy_no_input_scaling",),
        note="logits with the grader's weights loaded, on uint8 and on float frames",
    ),
    C(
        "PolicyNetwork",
        "raise ValueError for any other obs_shape, or frames too small",
        ("reinforce.policy_network",),
        ("reinforce_policy_small_frames_no_value_error",),
        note="obs_shape (2, 3) and 16x16 frames",
    ),
    C(
        "PolicyNetwork.forward",
        "returns (B, A) float32 logits",
        ("reinforce.policy_network",),
        tests=(
            "unnamed/reinforce_policy_forward_softmax",
            "unnamed/reinforce_policy_forward_float64",
        ),
    ),
    C(
        "PolicyNetwork.distribution",
        "a Categorical with batch shape (B,), pi_theta(a | s) = softmax(logits)_a",
        ("reinforce.policy_network",),
        tests=("unnamed/reinforce_policy_softmax_over_batch",),
    ),
    C(
        "reinforce_loss",
        "loss = -(1/N) sum_i [...] [...]: minus the estimator",
        ("reinforce.loss_gradient", "reinforce.gradient_estimates"),
        ("reinforce_wrong_sign",),
    ),
    C(
        "reinforce_loss",
        "average over the N trajectories (not over the time steps)",
        ("reinforce.loss_gradient", "reinforce.gradient_estimates"),
        ("reinforce_mean_over_time_steps",),
    ),
    C(
        "reinforce_loss",
        "the sum of each trajectory's log-probabilities times its whole return sum_t r_t",
        ("reinforce.loss_gradient", "reinforce.gradient_estimates"),
        ("reinforce_per_step_reward",),
    ),
    C(
        "reinforce_loss",
        "returns a 0-dim tensor carrying the gradient (do not detach log_probs)",
        ("reinforce.loss_gradient",),
        tests=(_E2E + "test_deep_bad_input_gets_clear_messages_and_the_rest_is_graded",),
    ),
    C(
        "reward_to_go",
        "G_t = sum_{t' >= t} gamma^(t' - t) r_t' (G_t = r_t + gamma G_{t+1})",
        ("reinforce.reward_to_go",),
        ("reinforce_reward_to_go_forward", "reinforce_reward_to_go_absolute_discount"),
    ),
    C(
        "reward_to_go",
        "rewards: do not modify it",
        ("reinforce.reward_to_go",),
        tests=("unnamed/reinforce_reward_to_go_modifies_input",),
    ),
    C(
        "reward_to_go",
        "returns np.ndarray, shape (T,), float64",
        ("reinforce.reward_to_go",),
        tests=("unnamed/reinforce_reward_to_go_returns_a_list",),
    ),
    C(
        "train_reinforce",
        "one network pi_theta = PolicyNetwork(observation shape, A)",
        ("reinforce.train_update",),
        tests=("unnamed/reinforce_loop_network_per_iteration",),
    ),
    C(
        "train_reinforce",
        "an Adam optimizer with learning rate lr, kept across iterations",
        ("reinforce.train_update",),
        ("reinforce_optimizer_per_iteration",),
        note="the grader replays Adam (lr, torch's defaults) on the gradient each step had",
    ),
    C(
        "train_reinforce",
        "each iteration samples N = episodes_per_iteration episodes with "
        "pi_theta, each until terminated or truncated",
        ("reinforce.train_update",),
        tests=("unnamed/reinforce_loop_ignores_truncation",),
    ),
    C(
        "train_reinforce",
        "log pi_theta(a_t | s_t) of every action taken, with gradient",
        ("reinforce.train_update", "reinforce.train"),
        ("reinforce_log_prob_of_argmax",),
    ),
    C(
        "train_reinforce",
        "one optimizer step on the surrogate loss (default: reinforce_loss) per "
        "iteration: REINFORCE improves on CartPole",
        ("reinforce.train",),
        ("reinforce_wrong_sign",),
    ),
    C(
        "train_reinforce",
        "exactly one step per iteration, for every one of num_iterations",
        ("reinforce.train_update",),
        ("reinforce_step_per_episode",),
        note="each optimizer step's place among the env steps the grader's env counted",
    ),
    C(
        "train_reinforce",
        "default weights: the whole discounted return sum_t gamma^t r_t",
        ("reinforce.train_update",),
        ("reinforce_default_weights_undiscounted",),
        note="the discounted case (gamma 0.9)",
    ),
    C(
        "train_reinforce",
        "use_reward_to_go=True: weight log pi(a_t | s_t) by G_t",
        ("reinforce.train_update",),
        ("reinforce_ignores_reward_to_go",),
    ),
    C(
        "train_reinforce",
        "baseline=True: subtract the weights' average over the batch",
        ("reinforce.train_update", "reinforce.train"),
        ("reinforce_ignores_baseline",),
        note="the average over the N trajectories or over all their steps",
    ),
    C(
        "train_reinforce",
        "seeding: torch.manual_seed(seed) before building the network, "
        "env.reset(seed=seed) first (later resets unseeded)",
        ("reinforce.train_update",),
        ("reinforce_seeds_after_building",),
        note="two cases with the same seed after other draws of torch's generator build the "
        "same network; the grader's env records every reset's seed",
    ),
    C(
        "train_reinforce",
        "returns the undiscounted return of every episode in order "
        "(num_iterations * episodes_per_iteration)",
        ("reinforce.train_update",),
        ("reinforce_returns_iteration_means",),
    ),
]


def clauses_of(name: str) -> list[Clause]:
    return [clause for clause in CLAUSES if clause.owner == name]


def gaps() -> list[Clause]:
    return [clause for clause in CLAUSES if clause.gap]


def summary() -> dict:
    """The table's size: clauses, distinct checks, mistakes used, and how each clause is proven."""
    return {
        "clauses": len(CLAUSES),
        "checks": len({c for clause in CLAUSES for c in clause.checks}),
        "mistakes": len({m for clause in CLAUSES for m in clause.mistakes}),
        "proven_by_mistakes": sum(1 for clause in CLAUSES if clause.mistakes),
        "proven_by_tests": sum(1 for clause in CLAUSES if clause.tests and not clause.mistakes),
        "unproven": sum(1 for clause in CLAUSES if clause.unproven),
        "gaps": len(gaps()),
    }


if __name__ == "__main__":
    print(summary())
    for clause in gaps():
        print(f"gap  {clause.function}: {clause.text}")
