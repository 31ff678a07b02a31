"""Environments for the homework: tabular MDPs and the Atari-lite pixel games.

Given to students, never graded. Everything is seeded and deterministic.
"""

from envs.racing import racing
from envs.tabular import MDPError, TabularMDP

__all__ = ["MDPError", "TabularMDP", "racing"]
