"""Part 3: Q-learning (tabular, with epsilon-greedy exploration, and with a linear Q-function).

As in Part 2 you learn from experience by acting in `env` (an `envs.TabularEnv`):

    s, info = env.reset(seed=seed)     # first episode: seeds the environment
    s, info = env.reset()              # every later episode: no seed
    s_next, r, terminated, truncated, info = env.step(a)
    env.observation_space.n            # number of states S   (states are ints 0 .. S-1)
    env.action_space.n                 # number of actions A  (actions are ints 0 .. A-1)

`terminated` means the transition entered a terminal state (no future reward after it);
`truncated` means the time limit stopped the episode (the state reached still has a future).
An episode ends on either.

Your own random numbers come from `rng`, a `np.random.Generator` (`np.random.default_rng(seed)`):
`rng.random()` is a float uniform in [0, 1), `rng.integers(n)` an int uniform in 0 .. n-1.
Never use `np.random.*` module functions or Python's `random`: they are not seeded by us.

All arrays are numpy float64. Run `make test` (or `python -m pytest tests/public`) to check your
work; see README.md for grading.
"""

from __future__ import annotations

import numpy as np  # noqa: F401  (you will need it)


def epsilon_greedy(q_values, epsilon, rng):
    """Pick an action with the lecture's epsilon-greedy exploration strategy.

        a_t = argmax_a Q(s, a)   with probability 1 - epsilon
              random action      with probability epsilon

    The random action is uniform over ALL actions (the greedy one included), so the greedy action
    is taken with probability 1 - epsilon + epsilon / A and each other action with epsilon / A.
    When several actions share the largest Q-value, the greedy action is the lowest index.

    Args:
        q_values: np.ndarray, shape (A,), the Q-values Q(s, .) of the current state.
        epsilon: float in [0, 1], the exploration probability.
        rng: np.random.Generator, the only source of randomness you may use.

    Returns:
        int: the chosen action, in 0 .. A-1.

    Example: q_values = [1.0, 3.0, 3.0]
        epsilon = 0:   always action 1 (actions 1 and 2 tie; the lowest index wins)
        epsilon = 0.3: action 1 with probability 0.7 + 0.3 / 3 = 0.8, actions 0 and 2 with 0.1 each
        epsilon = 1:   each action with probability 1/3
    """
    # TODO: with probability epsilon a uniformly random action, otherwise the greedy one.
    raise NotImplementedError("epsilon_greedy: not implemented yet")


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    """One Q-learning update of Q(s, a) from the sample transition (s, a, r, s'), in place.

    The lecture's running average:

        Q(s,a) <- (1-alpha) Q(s,a) + alpha [r + gamma max_a' Q(s',a')]

    The bracket is the target. When `done` is true, s' is terminal and has no future: the target
    is just r (take max_a' Q(s', a') as 0, whatever Q[s_next] holds).

    Args:
        Q: np.ndarray, shape (S, A), the current Q-values. Update Q[s, a] in place, nothing else.
        s, a, s_next: int, the state, the action taken, and the state reached.
        r: float, the reward received.
        done: bool, whether s_next is terminal.
        alpha: float in (0, 1], the learning rate.
        gamma: float in [0, 1], the discount factor.

    Returns:
        float: the TD error delta = target - Q(s, a), with Q(s, a) its value *before* the update.

    Example (the lecture's racing car; rows cool, warm, overheated; columns slow, fast;
    gamma = 1, alpha = 0.5, Q = [[1, 2], [1, -4], [3, 5]]; the overheated row is not 0 here, as
    if Q had been initialised at random: a terminal state's entries are never used):
        From cool, drive fast, land in warm with +2:
            q_learning_update(Q, 0, 1, 2.0, 1, False, 0.5, 1.0) returns 1.0
            # target = 2 + 1 * max(Q(warm, slow), Q(warm, fast)) = 2 + 1 = 3
            and Q[0, 1] becomes 2.5                            # 0.5 * 2 + 0.5 * 3
        Then from warm, drive fast, overheat with -10 (terminal):
            q_learning_update(Q, 1, 1, -10.0, 2, True, 0.5, 1.0) returns -6.0
            # target = -10 alone, not -10 + 1 * max(Q(overheated, .)) = -5
            and Q[1, 1] becomes -7.0                           # 0.5 * (-4) + 0.5 * (-10)
    """
    # TODO: compute the target (no future after a terminal state) and the TD error, then move
    # Q[s, a] a fraction alpha of the way towards the target.
    raise NotImplementedError("q_learning_update: not implemented yet")


def q_learning(env, num_episodes, alpha, gamma, epsilon, seed):
    """Tabular Q-learning: learn Q* by acting epsilon-greedily and updating after every step.

    Start from Q = zeros and rng = np.random.default_rng(seed). Play `num_episodes` episodes:
    the first starts with env.reset(seed=seed), every later one with env.reset(). In each state s
    choose a = epsilon_greedy(Q[s], epsilon, rng), step, and call `q_learning_update`. An episode
    ends when `terminated` or `truncated` is true; only `terminated` stops the bootstrapping
    (done = terminated), because after a time-limit truncation the state reached still has a value.

    "Q-learning converges to optimal policy -- even if you're acting suboptimally!" (off-policy
    learning): with enough exploration and experience, Q approaches Q* (what q_iteration computes
    from the model) and argmax_a Q(s, a) approaches the optimal policy.

    Args:
        env: the environment (see the module docstring).
        num_episodes: int >= 1.
        alpha: float, the learning rate.
        gamma: float, the discount factor.
        epsilon: float, the exploration probability of epsilon_greedy.
        seed: int, seeds both the rng and the first env.reset.

    Returns:
        np.ndarray, shape (S, A), float64: the learned Q-values.

    Example (graded by distance to Q*, not digit by digit): on the racing car with gamma = 0.9,
    `envs.TabularEnv(envs.racing(gamma=0.9), max_steps=50)`, where q_iteration gives
        Q* = [[14.95, 15.5], [14.5, -10], [0, 0]]     (rows cool, warm, overheated; slow, fast)
    300 episodes with alpha = 0.1 and epsilon = 0.2 give a Q a few tenths away from Q* (the
    constant alpha keeps it moving around Q*) whose greedy policy is that of Q*: fast when cool,
    slow when warm.

    Example (exact, no exploration): with epsilon = 0, starting in cool with a time limit of 2
    steps, `envs.TabularEnv(envs.racing(), start_distribution=0, max_steps=2)`, gamma = 1,
    alpha = 0.5, one episode drives slow twice (the tie at Q = 0 goes to slow), +1 each, the
    second step truncated:
        q_learning(env, 1, 0.5, 1.0, 0.0, seed=0) == [[1, 0], [0, 0], [0, 0]]
        # Q(cool, slow): 0 -> 0.5 (target 1 + 0) -> 1.0 (target 1 + max Q(cool, .) = 1.5, not 1)
    """
    # TODO: the episode loop: act epsilon-greedily, step, update, until the episode ends.
    raise NotImplementedError("q_learning: not implemented yet")


def linear_q_update(W, b, x, a, r, x_next, done, alpha, gamma):
    """One semi-gradient Q-learning step for a linear Q-function, in place.

    The lecture's Q-learning with linear function approximators, with the state given as a
    feature vector x:

        Q(s, a; w, b) = w_a^T s + b_a          here: Q(x, a) = W[a] . x + b[a]

    The TD error compares the target with the current estimate:

        delta = r + gamma max_a' Q(x_next, a') - Q(x, a)      (no max term when done)

    and only the taken action's parameters move, along the gradient of Q(x, a):

        W[a] <- W[a] + alpha delta x
        b[a] <- b[a] + alpha delta

    The target is treated as a constant (a "semi-gradient"): no gradient flows through it.

    Args:
        W: np.ndarray, shape (A, d), one weight vector w_a per action. Update row a in place.
        b: np.ndarray, shape (A,), one bias b_a per action. Update b[a] in place.
        x, x_next: np.ndarray, shape (d,), the features of s and s'. Do not modify them.
        a: int, the action taken.
        r: float, the reward received.
        done: bool, whether s' is terminal.
        alpha: float, the learning rate.
        gamma: float, the discount factor.

    Returns:
        float: delta, computed with W and b *before* the update.

    Example: W = [[1, 0], [0, 1]], b = [0, 0.5], x = [1, 2], a = 1, r = 1, x_next = [2, 0],
    done = False, alpha = 0.1, gamma = 0.5:
        Q(x, 1) = 0 * 1 + 1 * 2 + 0.5 = 2.5;   Q(x_next, .) = [2, 0.5], max 2
        delta = 1 + 0.5 * 2 - 2.5 = -0.5                        (the return value)
        W becomes [[1, 0], [-0.05, 0.9]]     # W[1] + 0.1 * (-0.5) * [1, 2]
        b becomes [0, 0.45]                  # row 0 and b[0] untouched
    The same step with done = True: the target is r = 1 alone (no max term, although
    Q(x_next, .) = [2, 0.5] is not 0), delta = 1 - 2.5 = -1.5, W[1] becomes [-0.15, 0.7] and
    b[1] becomes 0.35.
    """
    # TODO: compute delta from the current parameters, then step action a's weights and bias.
    raise NotImplementedError("linear_q_update: not implemented yet")
