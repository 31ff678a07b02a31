"""Environments for the homework: tabular MDPs and the Atari-lite pixel games.

Given to students, never graded. Everything is seeded and deterministic.
"""

from envs.gridworld import gridworld, gridworld_layout
from envs.racing import racing
from envs.random_mdp import random_mdp
from envs.tabular import MDPError, TabularMDP
from envs.tabular_env import TabularEnv
from envs.toy_text import (
    cliff_walking,
    from_toy_text,
    frozen_lake,
    taxi,
    toy_text_start_distribution,
)

__all__ = [
    "MDPError",
    "TabularEnv",
    "TabularMDP",
    "cliff_walking",
    "from_toy_text",
    "frozen_lake",
    "gridworld",
    "gridworld_layout",
    "random_mdp",
    "racing",
    "taxi",
    "toy_text_start_distribution",
]
