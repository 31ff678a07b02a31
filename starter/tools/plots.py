"""`make plots`, or `python tools/plots.py`: your value function, learning curves and agent
playing Catch, as pictures.

    python tools/plots.py                          # every picture, into plots/ (a few minutes)
    python tools/plots.py --only gridworld,dqn     # some of them
    python tools/plots.py --quick                  # tiny budgets: checks that everything runs

Each picture uses one part of the homework; a part you have not finished yet (a function that
still raises NotImplementedError, a file that is missing or does not import) is skipped with a
one-line message, and the other pictures are still drawn.

| name       | file                         | your code                                        |
| ---------- | ---------------------------- | ------------------------------------------------ |
| gridworld  | gridworld_values.png         | dp: value_iteration, q_iteration, greedy_policy  |
| q_learning | q_learning_curve.png         | q_learning.q_learning (dp.q_iteration for Q*)    |
| dqn        | dqn_learning_curve.png       | dqn.train_dqn on Catch                           |
| reinforce  | reinforce_learning_curve.png | reinforce.train_reinforce on CartPole-v1         |
| catch      | catch_agent.gif              | the network your train_dqn trained, playing      |

Your files are imported from --student-dir (default: $STUDENT_DIR, else the folder above tools/).
Everything is seeded: the same code draws the same pictures.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HANDOUT = Path(__file__).resolve().parents[1]
SEED = 0

# Tabular Q-learning on CliffWalking, as in Sutton and Barto's Example 6.6. Its -1 per step makes
# Q = 0 optimistic, so even greedy ties explore; sparse-reward FrozenLake rarely finds its goal.
Q_LEARNING = {"gamma": 0.99, "alpha": 0.5, "epsilon": 0.1, "max_steps": 200}
# Catch on a 5x5 board seen as 20x20 frames (the smallest the lecture's network takes), 4 stacked.
CATCH = {"frame_size": 20, "grid_size": 5}
CATCH_BALLS = 5  # Catch's default num_balls: the best return


@dataclass(frozen=True)
class Budget:
    q_learning_episodes: int  # the longest Q-learning run
    q_learning_points: int  # how many runs of increasing length measure max|Q - Q*|
    dqn_steps: int  # environment steps of train_dqn
    reinforce_iterations: int  # gradient steps of train_reinforce (8 episodes each by default)
    baseline_episodes: int  # episodes of the random policy (and of epsilon-greedy Q*)


FULL = Budget(
    q_learning_episodes=500,
    q_learning_points=20,
    dqn_steps=4000,
    reinforce_iterations=50,
    baseline_episodes=500,
)
QUICK = Budget(
    q_learning_episodes=50,
    q_learning_points=5,
    dqn_steps=600,
    reinforce_iterations=3,
    baseline_episodes=20,
)


class Skip(Exception):
    """A picture that cannot be drawn yet; the message says why, in one line."""


# --- finding and importing the student's files ----------------------------------------------------


class Student:
    """Imports the student's modules from one folder, and remembers what it imported."""

    def __init__(self, folder: Path):
        self.folder = folder.resolve()
        sys.path.insert(0, str(self.folder))
        # envs/ sits next to the student's files in the handout (and at the repository's root).
        for candidate in (self.folder, HANDOUT, HANDOUT.parent):
            if (candidate / "envs" / "__init__.py").is_file():
                if str(candidate) not in sys.path:
                    sys.path.append(str(candidate))
                break
        self.modules: dict = {}

    def __call__(self, name: str):
        if name in self.modules:
            return self.modules[name]
        path = self.folder / f"{name}.py"
        if not path.is_file():
            raise Skip(f"{name}.py is not in {self.folder}")
        try:
            module = importlib.import_module(name)
        except Exception as error:  # any failure: a one-line skip
            raise Skip(f"{name}.py does not import: {one_line(error)}") from None
        if Path(module.__file__).resolve() != path:
            raise Skip(f"{name}.py imported from {module.__file__}, not from {self.folder}")
        self.modules[name] = module
        return module

    def where(self, error: BaseException) -> str:
        """'function (file.py:line)' of the innermost frame of the error in the student's files."""
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if Path(frame.filename).resolve().parent == self.folder:
                return f"{frame.name} ({Path(frame.filename).name}:{frame.lineno})"
        return ""


def one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    message = f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
    return message if len(message) <= 160 else message[:157] + "..."


def envs_module():
    try:
        import envs
    except ImportError:
        raise Skip("the envs/ folder of the handout is not next to your files") from None
    return envs


def torch_one_thread():
    """Small networks: more threads cost CPU time and save little wall time."""
    import torch

    torch.set_num_threads(1)


# --- small helpers --------------------------------------------------------------------------------


def moving_average(values, window):
    """Mean of the last `window` values at every index (fewer at the start), shape (len,)."""
    values = np.asarray(values, dtype=np.float64)
    sums = np.cumsum(np.concatenate([[0.0], values]))
    ends = np.arange(1, len(values) + 1)
    starts = np.maximum(ends - window, 0)
    return (sums[ends] - sums[starts]) / (ends - starts)


def window_for(count):
    """A round moving-average window, about a tenth of the episodes."""
    return max([w for w in (1, 2, 5, 10, 20, 25, 50) if w <= max(count // 10, 1)])


def episode_returns_of(values, name):
    returns = np.asarray(list(values), dtype=np.float64)
    if returns.ndim != 1:
        raise ValueError(f"{name} must return a list of episode returns; got shape {returns.shape}")
    if len(returns) == 0:
        raise Skip(f"{name} finished no episode in this budget (try without --quick)")
    return returns


def random_policy_return(env, episodes):
    """Mean undiscounted return of uniformly random actions over `episodes` episodes."""
    env.action_space.seed(SEED + 1)
    total = 0.0
    for episode in range(episodes):
        env.reset(seed=SEED + 1 + episode)
        while True:
            _, reward, terminated, truncated, _ = env.step(env.action_space.sample())
            total += float(reward)
            if terminated or truncated:
                break
    return total / episodes


def plot_learning_curve(ax, returns, label):
    episodes = np.arange(1, len(returns) + 1)
    window = window_for(len(returns))
    ax.plot(episodes, returns, color="tab:blue", alpha=0.3, lw=0.8, label=f"{label}, each episode")
    ax.plot(
        episodes,
        moving_average(returns, window),
        color="tab:blue",
        lw=2.2,
        label=f"{label}, mean of the last {window} episodes",
    )
    ax.set_xlabel("episode")
    ax.set_ylabel("return of the episode (sum of rewards)")
    ax.grid(alpha=0.3)
    ax.set_xlim(1, max(len(returns), 2))


# --- 1. the gridworld's V* and greedy policy ------------------------------------------------------


def gridworld_values(student, budget, out, plt, cache):
    dp = student("dp")
    envs = envs_module()
    from matplotlib.colors import LinearSegmentedColormap, TwoSlopeNorm
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    from envs.gridworld import GOAL, GRID_SIZE, NUM_STATES, to_grid, xy_of

    mdp = envs.gridworld(gamma=0.9)
    layout = envs.gridworld_layout()
    V = np.asarray(dp.value_iteration(mdp), dtype=np.float64)
    if V.shape != (NUM_STATES,) or not np.all(np.isfinite(V)):
        raise ValueError(
            f"value_iteration returned shape {V.shape}; expected ({NUM_STATES},) finite values"
        )
    try:
        policy = np.asarray(dp.greedy_policy(dp.q_iteration(mdp)))
    except NotImplementedError as error:
        print(
            f"  (no arrows: {student.where(error) or 'q_iteration / greedy_policy'} is not "
            f"implemented yet)"
        )
        policy = None
    if policy is not None and (
        policy.shape != (NUM_STATES,)
        or not np.all((policy >= 0) & (policy < len(layout.action_moves)))
    ):
        raise ValueError(
            f"greedy_policy(q_iteration(mdp)) returned shape {policy.shape} or "
            f"actions outside 0..3; expected ({NUM_STATES},) actions"
        )

    grid = np.ma.masked_invalid(to_grid(V))  # [y, x], walls masked
    # REINFORCEjs's colours: red below 0, white at 0, green above; walls dark.
    cmap = LinearSegmentedColormap.from_list("reinforcejs", ["#c62828", "#ffffff", "#2e7d32"])
    cmap.set_bad("#37474f")
    low, high = min(float(grid.min()), -1e-6), max(float(grid.max()), 1e-6)
    norm = TwoSlopeNorm(vmin=low, vcenter=0.0, vmax=high)

    fig, ax = plt.subplots(figsize=(10.5, 9.2))
    image = ax.imshow(grid, cmap=cmap, norm=norm, origin="upper")
    ax.set_xticks(range(GRID_SIZE))
    ax.set_yticks(range(GRID_SIZE))
    ax.set_xticks(np.arange(-0.5, GRID_SIZE), minor=True)
    ax.set_yticks(np.arange(-0.5, GRID_SIZE), minor=True)
    ax.grid(which="minor", color="#9e9e9e", lw=0.6)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("x (column)")
    ax.set_ylabel("y (row)")
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()

    rewards = layout.rewards
    for s in range(NUM_STATES):
        x, y = xy_of(s)
        if layout.walls[y, x]:
            continue
        colour = cmap(norm(V[s]))
        luminance = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]
        ink = "white" if luminance < 0.5 else "black"
        ax.text(x - 0.44, y - 0.42, str(s), ha="left", va="top", fontsize=6, color=ink, alpha=0.6)
        ax.text(
            x,
            y - 0.2,
            f"{V[s]:.2f}",
            ha="center",
            va="center",
            fontsize=9.5,
            color=ink,
            fontweight="bold",
        )
        if rewards[y, x] != 0:
            edge = "#1b5e20" if rewards[y, x] > 0 else "#b71c1c"
            ax.add_patch(Rectangle((x - 0.47, y - 0.47), 0.94, 0.94, fill=False, ec=edge, lw=2.4))
            ax.text(
                x + 0.42,
                y + 0.42,
                f"R {rewards[y, x]:+.0f}",
                ha="right",
                va="bottom",
                fontsize=6.5,
                color=ink,
            )
        if (x, y) == layout.goal:
            ax.text(
                x,
                y + 0.2,
                "to start",
                ha="center",
                va="center",
                fontsize=7,
                color=ink,
                style="italic",
            )
            continue
        if (x, y) == layout.start:
            ax.text(x + 0.42, y + 0.42, "start", ha="right", va="bottom", fontsize=6.5, color=ink)
        if policy is not None:
            dx, dy = layout.action_moves[int(policy[s])]  # y grows downwards, like the picture
            cx, cy, half = x, y + 0.15, 0.2
            ax.annotate(
                "",
                xy=(cx + half * dx, cy + half * dy),
                xytext=(cx - half * dx, cy - half * dy),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": ink,
                    "lw": 1.4,
                    "mutation_scale": 11,
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
            )

    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("V*(s), your value_iteration")
    handles = [
        Rectangle(
            (0, 0),
            1,
            1,
            fc="white",
            ec="#1b5e20",
            lw=2.4,
            label=f"+1 cell ({GOAL}): paid on leaving, then back to the start",
        ),
        Rectangle((0, 0), 1, 1, fc="white", ec="#b71c1c", lw=2.4, label="-1 cell"),
        Rectangle((0, 0), 1, 1, fc="#37474f", label="wall"),
    ]
    if policy is not None:
        handles.append(
            Line2D(
                [],
                [],
                color="black",
                marker=r"$\rightarrow$",
                ls="none",
                markersize=14,
                label="greedy_policy(q_iteration(mdp))",
            )
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=2,
        fontsize=9,
        frameon=False,
    )
    arrows = "the greedy policy" if policy is not None else "(arrows: finish q_iteration)"
    ax.set_title(
        f"Value iteration on the lecture's gridworld (gamma = 0.9): V* and {arrows}", pad=12
    )
    return save(fig, out / "gridworld_values.png", plt)


# --- 2. tabular Q-learning on CliffWalking --------------------------------------------------------


def q_learning_curve(student, budget, out, plt, cache):
    q_learning = student("q_learning")
    envs = envs_module()
    import gymnasium

    from envs.toy_text import CLIFF_WALKING_START

    class EpisodeReturns(gymnasium.Wrapper):
        """Records the undiscounted return of every episode played through it."""

        def __init__(self, env):
            super().__init__(env)
            self.returns, self._return = [], 0.0

        def reset(self, **kwargs):
            self._return = 0.0
            return self.env.reset(**kwargs)

        def step(self, action):
            result = self.env.step(action)
            self._return += float(result[1])
            if result[2] or result[3]:
                self.returns.append(self._return)
            return result

    gamma, alpha, epsilon = Q_LEARNING["gamma"], Q_LEARNING["alpha"], Q_LEARNING["epsilon"]
    mdp = envs.cliff_walking(gamma=gamma)

    def env():
        return EpisodeReturns(
            envs.TabularEnv(
                mdp, start_distribution=CLIFF_WALKING_START, max_steps=Q_LEARNING["max_steps"]
            )
        )

    def learn(episodes, played=None):
        Q = q_learning.q_learning(
            env() if played is None else played, int(episodes), alpha, gamma, epsilon, SEED
        )
        return np.asarray(Q, dtype=np.float64)

    played = env()
    learn(budget.q_learning_episodes, played)
    returns = episode_returns_of(played.returns, "q_learning")

    # Q*: from your own dp.q_iteration (left out, with a note, while dp.py is unfinished).
    Q_star, why_not = None, ""
    try:
        Q_star = np.asarray(student("dp").q_iteration(mdp), dtype=np.float64)
    except NotImplementedError as error:
        why_not = f"{student.where(error) or 'dp.q_iteration'} is not implemented yet"
    except Skip as reason:
        why_not = str(reason)
    if why_not:
        print(f"  (no distance to Q*: {why_not})")

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(13.5, 5), gridspec_kw={"width_ratios": [1.2, 1]}
    )
    plot_learning_curve(left, returns, "Q-learning")
    if Q_star is not None:
        # Q* played with the same exploration (your epsilon_greedy): where Q-learning's returns
        # should end up. With epsilon = 0.1 the optimal path along the cliff's edge falls off now
        # and then.
        for explore, style, label in (
            (epsilon, "--", f"argmax Q* with the same epsilon = {epsilon}"),
            (0.0, ":", "argmax Q*, no exploration"),
        ):
            rng = np.random.default_rng(SEED + 1)
            baseline = env()
            for episode in range(budget.baseline_episodes if explore else 1):
                s, _ = baseline.reset(seed=SEED + 1 if episode == 0 else None)
                while True:
                    a = int(q_learning.epsilon_greedy(Q_star[s], explore, rng))
                    s, _, terminated, truncated, _ = baseline.step(a)
                    if terminated or truncated:
                        break
            left.axhline(
                np.mean(baseline.returns),
                color="tab:green",
                ls=style,
                lw=1.5,
                label=f"{label} (mean)" if explore else label,
            )

        # Q-learning updates only the pairs it visits: the cliff's cells are never occupied
        # (falling off lands on the start), so Q stays 0 there. Measure where the agent can be.
        reachable = reachable_states(mdp.P, CLIFF_WALKING_START)
        counts = np.unique(
            np.geomspace(1, budget.q_learning_episodes, budget.q_learning_points).astype(int)
        )
        distances = [float(np.max(np.abs(learn(n) - Q_star)[reachable])) for n in counts]
        right.plot(
            counts,
            distances,
            "o-",
            color="tab:red",
            lw=1.8,
            ms=4,
            label=f"max |Q(s, a) - Q*(s, a)| over the {len(reachable)} states\n"
            "reachable from the start, all actions",
        )
        right.set_xscale("log")
        right.set_yscale("log")
        right.set_xlabel("episodes of Q-learning (each point: a fresh run, same seed)")
        right.set_ylabel("max |Q - Q*|")
        right.grid(alpha=0.3, which="both")
        right.legend(loc="lower left", fontsize=9)
        right.set_title(
            "Distance to Q* (from your dp.q_iteration): pairs far from the\n"
            "path are rarely tried, so they converge last",
            fontsize=11,
        )
    else:
        right.axis("off")
        right.text(
            0.5,
            0.5,
            f"No distance to Q* yet (Q* comes from your dp.q_iteration):\n{why_not}",
            ha="center",
            va="center",
            fontsize=10,
            transform=right.transAxes,
        )
    # Early episodes can cost thousands (random walks, falls of -100): show the learning part.
    low = min(np.percentile(returns, 5), moving_average(returns, window_for(len(returns))).min())
    left.set_ylim(max(low, -400) - 10, 0)
    left.legend(loc="lower right", fontsize=9, framealpha=0.95)
    left.set_title("Returns while learning (acting epsilon-greedily)", fontsize=11)
    fig.suptitle(
        f"Tabular Q-learning on CliffWalking (4x12; -1 per step, -100 for falling off "
        f"the cliff): gamma = {gamma}, alpha = {alpha}, epsilon = {epsilon}, at most "
        f"{Q_LEARNING['max_steps']} steps per episode",
        fontsize=11.5,
    )
    fig.tight_layout()
    return save(fig, out / "q_learning_curve.png", plt)


def reachable_states(P, start):
    """The states reachable from `start` under any actions, sorted: a graph search on P > 0."""
    seen, frontier = {int(start)}, [int(start)]
    while frontier:
        for s2 in np.flatnonzero(P[frontier.pop()].sum(axis=0) > 0):
            if int(s2) not in seen:
                seen.add(int(s2))
                frontier.append(int(s2))
    return sorted(seen)


# --- 3. DQN on Catch (and 5. the trained network playing) -----------------------------------------


def catch_env(render_mode=None):
    import gymnasium

    import envs.atari_lite  # noqa: F401  (registers the AtariLite ids)
    from envs.atari_lite import FrameStack

    return FrameStack(gymnasium.make("AtariLite/Catch-v0", render_mode=render_mode, **CATCH), 4)


def trained_dqn(student, budget, cache):
    """Run the student's train_dqn once; keep its returns and the Q-network it trained.

    train_dqn returns only the episode returns. To watch the agent afterwards, the networks it
    builds through `dqn.QNetwork` are recorded as they are created; the first is Q_new in the
    lecture's order ("initialise Q, then Q_old <- Q"), and even if it were Q_old, that is a copy
    of Q_new at most a target period old.
    """
    if "dqn" not in cache:
        try:
            cache["dqn"] = _train_dqn(student, budget)
        except Exception as error:  # the GIF reports it again, untrained
            cache["dqn"] = error
    if isinstance(cache["dqn"], Exception):
        raise cache["dqn"]
    return cache["dqn"]


def _train_dqn(student, budget):
    dqn = student("dqn")
    envs_module()
    torch_one_thread()
    networks = []
    original = dqn.QNetwork
    if isinstance(original, type):

        class RecordedQNetwork(original):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                networks.append(self)

        RecordedQNetwork.__name__ = RecordedQNetwork.__qualname__ = original.__name__
        dqn.QNetwork = RecordedQNetwork
    env = catch_env()
    started = time.process_time()
    try:
        returns = dqn.train_dqn(env, budget.dqn_steps, seed=SEED)
    finally:
        dqn.QNetwork = original
    seconds = time.process_time() - started
    return episode_returns_of(returns, "train_dqn"), (networks or [None])[0], seconds


def dqn_learning_curve(student, budget, out, plt, cache):
    returns, _, seconds = trained_dqn(student, budget, cache)
    random_return = random_policy_return(catch_env(), budget.baseline_episodes)
    fig, ax = plt.subplots(figsize=(10, 5.2))
    plot_learning_curve(ax, returns, "DQN")
    ax.axhline(
        random_return,
        color="tab:gray",
        ls="--",
        lw=1.5,
        label=f"random policy (mean of {budget.baseline_episodes} episodes)",
    )
    ax.axhline(
        CATCH_BALLS, color="tab:green", ls=":", lw=1.5, label=f"every ball caught (+{CATCH_BALLS})"
    )
    ax.set_ylim(-1.3, CATCH_BALLS + 0.8)
    ax.legend(loc="upper left", fontsize=9, framealpha=0.95)
    ax.set_title(
        f"Deep Q-learning on Catch: your train_dqn, {budget.dqn_steps} environment steps "
        f"({len(returns)} episodes, {seconds:.0f} s CPU)\n"
        f"{CATCH['grid_size']}x{CATCH['grid_size']} board seen as "
        f"{CATCH['frame_size']}x{CATCH['frame_size']} frames, 4 stacked; +1 per catch, "
        "-1 for the first miss (game over)",
        fontsize=11,
    )
    fig.tight_layout()
    return save(fig, out / "dqn_learning_curve.png", plt)


def catch_agent(student, budget, out, plt, cache):
    import torch
    from matplotlib.animation import FuncAnimation, PillowWriter

    _, network, _ = trained_dqn(student, budget, cache)
    if network is None:
        raise Skip(
            "train_dqn did not build its network with dqn.QNetwork, so there is no "
            "trained network to watch"
        )
    moves = ("stay", "left", "right")
    env = catch_env(render_mode="rgb_array")
    obs, _ = env.reset(seed=SEED + 100)
    # One record per frame: (picture, Q(phi, .) or None at game over, caption).
    records, score, event = [], 0.0, "start"
    network.eval()
    for step in range(env.spec.max_episode_steps or 500):
        with torch.no_grad():
            q_values = network(torch.from_numpy(np.asarray(obs))[None])[0].double().numpy()
        records.append((env.render(), q_values, f"step {step}   score {score:+.0f}   {event}"))
        action = int(np.argmax(q_values))  # greedy: no exploration
        obs, reward, terminated, truncated, _ = env.step(action)
        score += float(reward)
        event = {1.0: "caught! +1", -1.0: "missed! -1"}.get(float(reward), "")
        if terminated or truncated:
            break
    records.append((env.render(), None, f"game over   return {score:+.0f}   {event}"))

    fig, (screen, bars) = plt.subplots(
        1, 2, figsize=(6.6, 3.9), dpi=80, gridspec_kw={"width_ratios": [1, 0.8]}
    )
    picture = screen.imshow(records[0][0], interpolation="nearest")
    cell = CATCH["frame_size"] / CATCH["grid_size"]
    for edge in np.arange(1, CATCH["grid_size"]) * cell - 0.5:
        screen.axhline(edge, color="#444444", lw=0.6)
        screen.axvline(edge, color="#444444", lw=0.6)
    screen.set_xticks([])
    screen.set_yticks([])
    caption = screen.set_xlabel(records[0][2], fontsize=10)

    every_q = np.concatenate([q for _, q, _ in records if q is not None])
    low, high = min(every_q.min(), 0.0), max(every_q.max(), 0.0)
    margin = 0.15 * (high - low) + 1e-6
    heights = bars.bar(moves, records[0][1], color="tab:gray")
    bars.axhline(0, color="black", lw=0.6)
    bars.set_ylim(low - margin, high + margin)
    bars.set_ylabel(r"$Q(\phi, a)$, your network")
    bars.grid(axis="y", alpha=0.3)
    choice = bars.set_title("", fontsize=10)
    over = bars.text(0.5, 0.5, "", ha="center", va="center", fontsize=12, transform=bars.transAxes)
    fig.suptitle(
        f"Your DQN playing Catch, greedy actions: return {score:+.0f}"
        + (" (every ball caught)" if score == CATCH_BALLS else ""),
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0, 1, 0.95))

    def draw(i):
        frame, q_values, text = records[min(i, len(records) - 1)]
        picture.set_data(frame)
        caption.set_text(text)
        for action, bar in enumerate(heights):
            bar.set_height(0.0 if q_values is None else q_values[action])
            chosen = q_values is not None and action == int(np.argmax(q_values))
            bar.set_color("tab:orange" if chosen else "tab:gray")
        choice.set_text("" if q_values is None else f"chooses {moves[int(np.argmax(q_values))]}")
        over.set_text("game over" if q_values is None else "")
        return [picture, caption, choice, over, *heights]

    hold = 6  # the last frame stays a little longer
    animation = FuncAnimation(fig, draw, frames=len(records) + hold, blit=False)
    path = out / "catch_agent.gif"
    animation.save(path, writer=PillowWriter(fps=3))
    plt.close(fig)
    return [path]


# --- 4. REINFORCE on CartPole ---------------------------------------------------------------------


def reinforce_learning_curve(student, budget, out, plt, cache):
    reinforce = student("reinforce")
    import gymnasium

    torch_one_thread()
    started = time.process_time()
    returns = reinforce.train_reinforce(
        gymnasium.make("CartPole-v1"), budget.reinforce_iterations, seed=SEED
    )
    seconds = time.process_time() - started
    returns = episode_returns_of(returns, "train_reinforce")
    random_return = random_policy_return(gymnasium.make("CartPole-v1"), budget.baseline_episodes)

    fig, ax = plt.subplots(figsize=(10, 5.2))
    plot_learning_curve(ax, returns, "REINFORCE")
    ax.axhline(
        random_return,
        color="tab:gray",
        ls="--",
        lw=1.5,
        label=f"random policy (mean of {budget.baseline_episodes} episodes)",
    )
    ax.axhline(500, color="tab:green", ls=":", lw=1.5, label="the time limit (500 steps)")
    ax.set_ylim(0, 530)
    ax.legend(loc="center left", fontsize=9, framealpha=0.95)
    ax.set_title(
        f"REINFORCE on CartPole-v1: your train_reinforce, "
        f"{budget.reinforce_iterations} gradient steps ({len(returns)} episodes, "
        f"{seconds:.0f} s CPU)\n+1 for every step the pole stays up",
        fontsize=11,
    )
    fig.tight_layout()
    return save(fig, out / "reinforce_learning_curve.png", plt)


# --- running them ---------------------------------------------------------------------------------


def save(fig, path, plt):
    fig.savefig(path, dpi=110, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)
    return [path]


PLOTS = {
    "gridworld": ("gridworld_values.png", gridworld_values),
    "q_learning": ("q_learning_curve.png", q_learning_curve),
    "dqn": ("dqn_learning_curve.png", dqn_learning_curve),
    "reinforce": ("reinforce_learning_curve.png", reinforce_learning_curve),
    "catch": ("catch_agent.gif", catch_agent),
}


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description=" ".join(__doc__.split("\n\n")[0].split()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--student-dir",
        type=Path,
        default=Path(os.environ.get("STUDENT_DIR") or HANDOUT),
        help="folder with your dp.py ... (default: $STUDENT_DIR, else the folder above tools/)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("plots"), help="folder for the pictures (default: plots/)"
    )
    parser.add_argument(
        "--only",
        default=",".join(PLOTS),
        help=f"comma-separated pictures to draw, among {', '.join(PLOTS)} (default: all)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny training budgets: checks that everything runs, in seconds",
    )
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in args.only if name not in PLOTS]
    if unknown:
        parser.error(f"unknown picture(s) {', '.join(unknown)}; choose among {', '.join(PLOTS)}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("make plots needs matplotlib: pip install matplotlib (it is in requirements.txt)")
        return 1
    student = Student(args.student_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    budget = QUICK if args.quick else FULL
    cache, errors = {}, 0
    print(f"your files: {student.folder}")
    started = time.monotonic()
    for k, name in enumerate(args.only, start=1):
        filename, draw = PLOTS[name]
        # A progress line before each picture: the training ones take a while, silently.
        print(
            f"[{k}/{len(args.only)}] drawing {filename}: {what_runs(name, budget)} ...", flush=True
        )
        try:
            for path in draw(student, budget, args.out, plt, cache):
                print(f"wrote {path}")
        except Skip as reason:
            print(f"skipped {filename}: {reason}")
        except NotImplementedError as error:
            where = student.where(error) or "a function it needs"
            print(f"skipped {filename}: {where} is not implemented yet")
        except Exception as error:  # a bug in one part hides no other
            where = student.where(error)
            print(f"error in {filename}: {one_line(error)}" + (f" in {where}" if where else ""))
            errors += 1
        finally:
            plt.close("all")
    print(f"done in {time.monotonic() - started:.0f} s")
    return 1 if errors else 0


def what_runs(name, budget):
    """What drawing one picture runs, in a few words (the long ones say how long they train)."""
    return {
        "gridworld": "your value_iteration and q_iteration on the gridworld",
        "q_learning": f"your q_learning on CliffWalking, runs of up to "
        f"{budget.q_learning_episodes} episodes",
        "dqn": f"your train_dqn on Catch, {budget.dqn_steps} environment steps",
        "reinforce": f"your train_reinforce on CartPole-v1, {budget.reinforce_iterations} "
        "gradient steps",
        "catch": "your trained Q-network playing one game",
    }[name]


if __name__ == "__main__":
    sys.exit(main())
