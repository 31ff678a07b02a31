"""What every probe output is, in the contract's words, and what its axes mean.

The feedback never shows a probe's internal array names (`sampled_obs`, `input_after_the_call`):
when an output is missing, of the wrong shape, not finite or off, it says what was expected of
which call, from this table, and names an entry by its axes ("at update step 3, state 3")
instead of an index tuple. Grade-time data (not fingerprinted: changing a word here rebuilds
nothing). `tests/grading/test_outputs.py` checks that every output of every probe, as the
expected data holds them, has a row here whose axes fit its number of dimensions.
"""

from __future__ import annotations

import dataclasses

from autograder.sandbox.protocol import INPUT_AFTER, TRUSTED_PREFIX, is_input_after


@dataclasses.dataclass(frozen=True)
class Output:
    text: str  # what it is: "the V that bellman_backup_v(mdp, V) returned"
    axes: tuple = ()  # one name per dimension: ("update step", "state")


O = Output
_AFTER = f"{INPUT_AFTER}."
_BACKUP_V = "bellman_backup_v(mdp, V)"
_BACKUP_Q = "bellman_backup_q(mdp, Q)"
_TRANSITION = ("changed transition (s, t)",)
_SA = ("state", "action")
_GRADER_ENV = "the grader's own record of the environment: "


def _env_record(function: str, *, observations: bool = False) -> dict:
    """The outputs of the grader's env host on a training case (its observations too when the
    case records them)."""
    found = {
        TRUSTED_PREFIX + "actions": O(
            _GRADER_ENV + f"the action of each env step {function} took", ("env step",)
        ),
        TRUSTED_PREFIX + "rewards": O(_GRADER_ENV + "the reward of each env step", ("env step",)),
        TRUSTED_PREFIX + "terminated": O(
            _GRADER_ENV + "`terminated` of each env step", ("env step",)
        ),
        TRUSTED_PREFIX + "truncated": O(
            _GRADER_ENV + "`truncated` of each env step", ("env step",)
        ),
        TRUSTED_PREFIX + "returns": O(
            _GRADER_ENV + "the return of each finished episode", ("episode",)
        ),
        TRUSTED_PREFIX + "resets": O(_GRADER_ENV + f"how many times {function} reset the env"),
        TRUSTED_PREFIX + "reset_steps": O(
            _GRADER_ENV + f"how many env steps {function} had taken at each reset",
            ("reset call",),
        ),
        TRUSTED_PREFIX + "reset_seeds": O(
            _GRADER_ENV + f"the seed of each env.reset call of {function} (-1: none)",
            ("reset call",),
        ),
    }
    if observations:
        found.update(
            {
                TRUSTED_PREFIX + "obs": O(
                    _GRADER_ENV + "the observation each env step started from",
                    ("env step", "channel", "row", "column"),
                ),
                TRUSTED_PREFIX + "next_obs": O(
                    _GRADER_ENV + "the observation each env step returned",
                    ("env step", "channel", "row", "column"),
                ),
            }
        )
    return found


OUTPUTS = {
    # -- dp ---------------------------------------------------------------------------------
    "dp.backup_v": {
        "V": O(f"the V^{{i+1}} that {_BACKUP_V} returned", ("state",)),
        INPUT_AFTER: O("the V given to bellman_backup_v", ("state",)),
        _AFTER + "mdp.P": O("mdp.P", ("state", "action", "next state")),
        _AFTER + "mdp.R": O("mdp.R", ("state", "action", "next state")),
        _AFTER + "mdp.gamma": O("mdp.gamma", ("entry",)),
        "V_reward_of_state": O(
            f"what {_BACKUP_V} returned when the rewards R[j] of leaving one state j grew by 1",
            ("changed state j", "state"),
        ),
        "V_value_of_next_state": O(
            f"what {_BACKUP_V} returned when the value V(t) of one next state t grew by 1",
            ("changed state t", "state"),
        ),
        "V_reward_of_transition": O(
            f"what {_BACKUP_V} returned when the reward R[s, 0, t] of one transition grew by 1",
            (*_TRANSITION, "state"),
        ),
    },
    "dp.k_backups": {
        "V": O("V^3, what value_iteration(mdp, tol=0, max_iters=3) returned", ("state",))
    },
    "dp.value_iteration": {"V": O("the V* that value_iteration(mdp) returned", ("state",))},
    "dp.stopping_rule": {"V": O("what value_iteration(mdp, tol) returned", ("state",))},
    "dp.backup_q": {
        "Q": O(f"the Q^{{i+1}} that {_BACKUP_Q} returned", _SA),
        INPUT_AFTER: O("the Q given to bellman_backup_q", _SA),
        "Q_reward_of_state": O(
            f"what {_BACKUP_Q} returned when the rewards R[j] of leaving one state j grew by 1",
            ("changed state j", *_SA),
        ),
        "Q_value_of_next_state": O(
            f"what {_BACKUP_Q} returned when every Q(t, .) of one next state t grew by 1",
            ("changed state t", *_SA),
        ),
        "Q_value_of_non_max_action": O(
            f"what {_BACKUP_Q} returned when Q(t, 0), below max_a' Q(t, a'), grew by 1",
            ("changed state t", *_SA),
        ),
        "Q_reward_of_transition": O(
            f"what {_BACKUP_Q} returned when the reward R[s, a, t] of one transition grew by 1",
            ("changed transition (s, a, t)", *_SA),
        ),
    },
    "dp.q_iteration": {"Q": O("what q_iteration(mdp, tol, max_iters) returned", _SA)},
    "dp.greedy_policy": {
        "pi": O("the policy greedy_policy(Q) returned", ("state",)),
        INPUT_AFTER: O("the Q given to greedy_policy", _SA),
    },
    # -- td ---------------------------------------------------------------------------------
    "td.update_stream": {
        "V": O("V after each td0_update call of the stream, in place", ("update step", "state")),
        "delta": O("the TD error each td0_update call returned", ("update step",)),
        "V_after": O(
            "V after td0_update on one transition, with one input changed at a time",
            ("variation", "state"),
        ),
    },
    "td.evaluate": {
        "V": O("the V that td0_evaluate returned", ("state",)),
        "reset_seeds": O("the seed of each env.reset call of td0_evaluate", ("reset call",)),
    },
    # -- q_learning -------------------------------------------------------------------------
    "q_learning.update_stream": {
        "Q": O(
            "Q after each q_learning_update call of the stream, in place", ("update step", *_SA)
        ),
        "delta": O("the TD error each q_learning_update call returned", ("update step",)),
        "Q_after": O(
            "Q after q_learning_update on one transition, with one input changed at a time",
            ("variation", *_SA),
        ),
    },
    "q_learning.epsilon_greedy": {
        "actions": O("the action of each epsilon_greedy call", ("call",)),
        "replay_0": O("the actions of epsilon_greedy with a fresh rng, first replay", ("call",)),
        "replay_1": O(
            "the actions of epsilon_greedy with a fresh rng seeded alike, second replay",
            ("call",),
        ),
    },
    "q_learning.learning": {
        "Q": O("the Q that q_learning returned", _SA),
        "reset_seeds": O("the seed of each env.reset call of q_learning", ("reset call",)),
    },
    "q_learning.linear_update_stream": {
        "W": O("W after each linear_q_update call, in place", ("update step", "action", "feature")),
        "b": O("b after each linear_q_update call, in place", ("update step", "action")),
        "delta": O("the TD error each linear_q_update call returned", ("update step",)),
        _AFTER + "x": O("the x given to each linear_q_update call", ("update step", "feature")),
        _AFTER + "x_next": O(
            "the x_next given to each linear_q_update call", ("update step", "feature")
        ),
    },
    # -- dqn --------------------------------------------------------------------------------
    "dqn.network": {
        "parameter_shapes": O(
            "the shapes of QNetwork's parameters, in registration order", ("parameter", "dimension")
        ),
        "q_values": O("the Q-values QNetwork(x) gave on uint8 frames", ("frame", "action")),
        "q_values_float_input": O(
            "the Q-values QNetwork(x) gave on float frames", ("frame", "action")
        ),
        "too_small_raised": O(
            "what QNetwork raised for a frame_size below the smallest (0 nothing, 1 ValueError)"
        ),
        "too_small_message": O("the message QNetwork raised with, as text", ("character",)),
    },
    "dqn.replay_buffer": {
        "len": O("len(buffer) after the adds"),
        "empty_sample_raised": O(
            "what sample() raised on an empty buffer (0 nothing, 1 ValueError, 2 another error)"
        ),
        "sampled_obs": O(
            "the obs field of every transition ReplayBuffer.sample(batch_size) returned",
            ("sampled transition",),
        ),
        "sampled_actions": O(
            "the actions field of every sampled transition", ("sampled transition",)
        ),
        "sampled_rewards": O(
            "the rewards field of every sampled transition", ("sampled transition",)
        ),
        "sampled_next_obs": O(
            "the next_obs field of every sampled transition", ("sampled transition",)
        ),
        "sampled_terminated": O(
            "the terminated field of every sampled transition", ("sampled transition",)
        ),
        "resampled_obs": O(
            "the obs field of the same draws from a buffer built again with the same seed",
            ("sampled transition",),
        ),
        "dtype_codes": O("the dtypes of the fields sample() returned", ("field",)),
    },
    "dqn.loss": {
        "loss": O("the value dqn_loss(q_net, target_net, batch, gamma) returned"),
        "losses_when_varied": O(
            "dqn_loss on the grader's variations of the minibatch and the networks, one input "
            "changed at a time",
            ("variation",),
        ),
        "gradient": O("the gradient of dqn_loss on q_net's parameters", ("parameter entry",)),
        "target_gradient": O(
            "the gradient of dqn_loss on target_net's parameters", ("parameter entry",)
        ),
        "target_weights_after": O(
            "target_net's weights after dqn_loss and backward()", ("parameter entry",)
        ),
    },
    "dqn.target_update": {
        "target_after_copy": O(
            "target_net's weights right after update_target", ("parameter entry",)
        ),
        "target_after_q_net_changes": O(
            "target_net's weights after q_net's weights changed", ("parameter entry",)
        ),
    },
    "dqn.epsilon_schedule": {"epsilon": O("what epsilon_at(step, ...) returned", ("step",))},
    "dqn.train_transitions": {
        "added_obs": O(
            "phi_t of each ReplayBuffer.add call of train_dqn",
            ("add call", "channel", "row", "column"),
        ),
        "added_actions": O("a_t of each ReplayBuffer.add call of train_dqn", ("add call",)),
        "added_rewards": O("r_t of each ReplayBuffer.add call of train_dqn", ("add call",)),
        "added_next_obs": O(
            "phi_t+1 of each ReplayBuffer.add call of train_dqn",
            ("add call", "channel", "row", "column"),
        ),
        "added_terminated": O(
            "`terminated` of each ReplayBuffer.add call of train_dqn", ("add call",)
        ),
        "reported_returns": O("the list of episode returns train_dqn returned", ("episode",)),
        **_env_record("train_dqn", observations=True),
    },
    "dqn.train_steps": {
        "reported_returns": O("the list of episode returns train_dqn returned", ("episode",)),
        "step_q_values": O(
            "the Q-values each QNetwork train_dqn built gave phi_t", ("step", "network", "action")
        ),
        "step_weights": O(
            "a fingerprint of each network's weights at each step", ("step", "network", "entry")
        ),
        "step_nets": O("how many networks train_dqn had built at each step", ("step",)),
        "end_weights": O("a fingerprint of each network's final weights", ("network", "entry")),
        "net_seeds": O("torch's seed when each network was built", ("network",)),
        "net_built_at": O("the step at which each network was built", ("network",)),
        "reset_seeds": O("the seed of each env.reset call of train_dqn", ("reset call",)),
        "buffer_seeds": O("the seed each ReplayBuffer was built with", ("buffer",)),
        "sample_at": O("the step of each ReplayBuffer.sample call", ("sample call",)),
        "sample_sizes": O("the batch size of each sample call", ("sample call",)),
        "loss_at": O("the step of each dqn_loss call", ("loss call",)),
        "loss_nets": O("which networks each dqn_loss call got", ("loss call", "argument")),
        "loss_weights": O(
            "a fingerprint of the weights of the networks each dqn_loss call got",
            ("loss call", "argument", "entry"),
        ),
        "loss_batch_sizes": O("the minibatch size of each dqn_loss call", ("loss call",)),
        "loss_gammas": O("the gamma of each dqn_loss call", ("loss call",)),
        "loss_gradients": O(
            "a fingerprint of the gradient each loss left on Q_new", ("loss call", "entry")
        ),
        "update_at": O("the step of each optimizer step", ("optimizer step",)),
        "update_optimizers": O("which optimizer took each step", ("optimizer step",)),
        "update_lrs": O("the learning rate of each optimizer step", ("optimizer step",)),
        "update_kinds": O("the optimizer class of each step", ("optimizer step",)),
        "update_nets": O("which network each optimizer step moved", ("optimizer step",)),
        "update_gradients": O(
            "a fingerprint of the gradient each optimizer step used", ("optimizer step", "entry")
        ),
        **_env_record("train_dqn"),
    },
    "dqn.train": {
        "reported_returns": O("the list of episode returns train_dqn returned", ("episode",)),
        **_env_record("train_dqn"),
    },
    # -- reinforce --------------------------------------------------------------------------
    "reinforce.loss_gradient": {
        "loss": O("the value reinforce_loss(log_probs, rewards) returned"),
        "gradient": O("the gradient of reinforce_loss on the policy's logits", _SA),
        "dloss_dlog_prob": O(
            "d reinforce_loss / d log pi(a_t | s_t) of every step, in order", ("time step",)
        ),
        "loss_rewards_doubled": O("reinforce_loss with every reward doubled"),
    },
    "reinforce.gradient_estimates": {
        "estimates": O(
            "minus the gradient of reinforce_loss on each batch of episodes", ("batch", *_SA)
        ),
    },
    "reinforce.reward_to_go": {
        "G": O("what reward_to_go(rewards, gamma) returned", ("time step",)),
        "G_one_step": O("reward_to_go of a one-step trajectory", ("time step",)),
        "G_single_reward": O(
            "reward_to_go when every reward is 0 but one, in the middle, is 2", ("time step",)
        ),
    },
    "reinforce.policy_network": {
        "logits_shape": O("the shape of PolicyNetwork's forward(obs) on a batch", ("dimension",)),
        "logits": O("PolicyNetwork's forward(obs) on a batch, flattened", ("entry",)),
        "probs_shape": O("the shape of distribution(obs).probs on a batch", ("dimension",)),
        "probs": O("distribution(obs).probs on a batch, flattened", ("entry",)),
        "parameter_shapes": O(
            "the shapes of PolicyNetwork's parameters", ("parameter", "dimension")
        ),
        "loaded_logits": O(
            "forward(obs) with the grader's weights loaded into your parameters, flattened",
            ("entry",),
        ),
        "loaded_logits_float_input": O(
            "the same, on the frames given as floats 0..255 instead of uint8", ("entry",)
        ),
        "value_errors": O(
            "whether PolicyNetwork raised ValueError for obs_shape (2, 3) and for 16x16 frames",
            ("call",),
        ),
    },
    "reinforce.train_update": {
        "initial_parameters": O(
            "the policy's parameters as train_reinforce built it", ("parameter entry",)
        ),
        "step_env_steps": O("how many env steps had been taken at each optimizer step", ("step",)),
        "step_lr": O("the learning rate of each optimizer step", ("step",)),
        "parameters_before": O(
            "the policy's parameters before each optimizer step", ("step", "parameter entry")
        ),
        "parameters_after": O(
            "the policy's parameters after each optimizer step", ("step", "parameter entry")
        ),
        "gradients": O("the gradient each optimizer step used", ("step", "parameter entry")),
        "log_prob_jacobian": O(
            "d log pi(a_t | s_t) / d theta of every step played, in order",
            ("env step", "parameter entry"),
        ),
        "log_prob_jacobian_greedy": O(
            "the same with the greedy action in place of the action taken",
            ("env step", "parameter entry"),
        ),
        "own_loss_gradients": O(
            "the gradient of your reinforce_loss on each iteration's episodes",
            ("step", "parameter entry"),
        ),
        "own_reward_to_go": O(
            "your reward_to_go on each episode played, concatenated", ("env step",)
        ),
        "reported_returns": O("the list of episode returns train_reinforce returned", ("episode",)),
        **_env_record("train_reinforce"),
    },
    "reinforce.train": {
        "reported_returns": O("the list of episode returns train_reinforce returned", ("episode",)),
        **_env_record("train_reinforce"),
    },
}


def describe(check, name: str, *, after: bool = True) -> str:
    """What output `name` of `check` is, in the contract's words (never the probe's name); an
    input returned after the call says so unless `after` is False."""
    row = OUTPUTS.get(check.id, {}).get(name)
    text = row.text if row is not None else f"one of the outputs of `{check.function}`"
    if after and is_input_after(name):
        text += " (as it was after the call)"
    return text


def where(check, name: str, index: tuple) -> str:
    """An entry of an output, by its axes: "update step 3, state 3"; the bare index otherwise."""
    row = OUTPUTS.get(check.id, {}).get(name)
    if not index:
        return "the value"
    if row is None or len(row.axes) != len(index):
        return str(index[0]) if len(index) == 1 else str(tuple(index))
    return ", ".join(f"{axis} {i}" for axis, i in zip(row.axes, index, strict=True))
