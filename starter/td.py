"""Part 2: temporal difference learning (TD(0) policy evaluation).

Here you no longer get the model (P, R) of the MDP: you learn from experience, one transition at a
time, by acting in `env`, a gymnasium environment over a tabular MDP (`envs.TabularEnv`):

    s, info = env.reset(seed=seed)     # first episode: seeds the environment
    s, info = env.reset()              # every later episode: no seed
    s_next, r, terminated, truncated, info = env.step(a)
    env.observation_space.n            # number of states S   (states are ints 0 .. S-1)
    env.action_space.n                 # number of actions A  (actions are ints 0 .. A-1)

`terminated` means the transition entered a terminal state: the episode is over and that state has
no future reward. `truncated` means the time limit stopped the episode: the state it reached still
has a future, we just stopped watching. An episode ends on either.

All arrays are numpy float64. Run `make test` (or `python -m pytest tests/public`) to check your
work; see README.md for grading.
"""

from __future__ import annotations

import numpy as np  # noqa: F401  (you will need it)


def td0_update(V, s, r, s_next, done, alpha, gamma):
    """One TD(0) update of V(s) after the transition s -> s_next with reward r, in place.

    The lecture's temporal difference learning of values:

        Sample of V(s): sample = R(s, pi(s), s') + gamma V^pi(s')
        Update to V(s): V^pi(s) <- (1 - alpha) V^pi(s) + alpha sample
        Same update:    V^pi(s) <- V^pi(s) + alpha (sample - V^pi(s))

    When `done` is true the transition ended in a terminal state, which has no future: take
    V^pi(s') as 0 in the sample, whatever V[s_next] holds.

    Args:
        V: np.ndarray, shape (S,), the current estimate of V^pi. Update V[s] in place, nothing else.
        s, s_next: int, the state before and after the transition.
        r: float, the reward R(s, pi(s), s') received.
        done: bool, whether s_next is terminal.
        alpha: float in (0, 1], the learning rate.
        gamma: float in [0, 1], the discount factor.

    Returns:
        float: the TD error delta = sample - V^pi(s), with V^pi(s) its value *before* the update.

    Example (the lecture's racing car, states cool = 0, warm = 1, overheated = 2; gamma = 1,
    alpha = 0.5, V = [2, 1, 4]; V(overheated) is not 0 here, as if V had been initialised at
    random: a terminal state's value is never used):
        From cool, drive fast, land in warm with +2:
            td0_update(V, 0, 2.0, 1, False, 0.5, 1.0) returns 1.0   # sample = 2 + 1 * V(warm) = 3
            and V becomes [2.5, 1, 4]                              # 2 + 0.5 * (3 - 2)
        Then from warm, drive fast, overheat with -10 (terminal):
            td0_update(V, 1, -10.0, 2, True, 0.5, 1.0) returns -11.0
            # sample = -10 alone, not -10 + 1 * V(overheated) = -6
            and V becomes [2.5, -4.5, 4]                                # 1 + 0.5 * (-10 - 1)
    """
    # TODO: compute the sample (no future after a terminal state), the TD error, and move V[s]
    # a fraction alpha of the way towards the sample.
    raise NotImplementedError("td0_update: not implemented yet")


def td0_evaluate(env, policy, num_episodes, alpha, gamma, seed):
    """Evaluate a fixed policy with TD(0): learn V^pi from episodes of experience.

    Start from V = zeros. Play `num_episodes` episodes with the deterministic policy
    a = pi(s) = policy[s], calling `td0_update` after every transition. The first episode starts
    with env.reset(seed=seed), every later one with env.reset(). An episode ends when `terminated`
    or `truncated` is true.

    Only `terminated` stops the bootstrapping (done = terminated): after a time-limit truncation
    the state reached still has a value, so the sample keeps gamma V^pi(s').

    Args:
        env: the environment (see the module docstring).
        policy: np.ndarray, shape (S,), integer dtype: the action pi(s) to take in each state.
        num_episodes: int >= 1.
        alpha: float, the learning rate.
        gamma: float, the discount factor.
        seed: int, the seed of the first env.reset.

    Returns:
        np.ndarray, shape (S,), float64: the learned estimate of V^pi.

    Example (racing, gamma = 1, alpha = 0.5, policy = [slow, fast, slow] = [0, 1, 0]):
        Starting every episode in warm, `envs.TabularEnv(envs.racing(), start_distribution=1)`,
        each episode is one transition: warm -fast-> overheated, -10, terminated. Two episodes:
            td0_evaluate(env, policy, 2, 0.5, 1.0, seed=0) == [0, -7.5, 0]   # 0 -> -5 -> -7.5
        Starting in cool with a time limit of 2 steps and always driving slow,
        `envs.TabularEnv(envs.racing(), start_distribution=0, max_steps=2)`, policy = [0, 0, 0],
        one episode is cool -> cool -> cool with +1 each, the second step truncated:
            td0_evaluate(env, policy, 1, 0.5, 1.0, seed=0) == [1, 0, 0]
            # V(cool): 0 -> 0.5 (sample 1 + 0) -> 1.0 (sample 1 + V(cool) = 1.5, not 1)
    """
    # TODO: loop over episodes and steps, act with the policy, update V after every transition.
    raise NotImplementedError("td0_evaluate: not implemented yet")
