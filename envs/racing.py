"""The lecture's racing car: the MDP behind its first value-iteration example.

## Description
A car is cool, warm or overheated. Driving slow is safe and earns +1; driving fast earns +2 but may
heat the car up. Fast from warm overheats it, which costs -10 and ends the race.

| state      | action | next state (probability)      | reward |
| ---------- | ------ | ----------------------------- | ------ |
| cool       | slow   | cool (1.0)                    | +1     |
| cool       | fast   | cool (0.5), warm (0.5)        | +2     |
| warm       | slow   | cool (0.5), warm (0.5)        | +1     |
| warm       | fast   | overheated (1.0)              | -10    |
| overheated | any    | overheated (1.0), terminal    | 0      |

## Action space
0 = slow, 1 = fast.

## Observation space
0 = cool, 1 = warm, 2 = overheated.

## Rewards
As in the table; the lecture's slide: V1(cool) = max(1, 0.5 (2 + 0) + 0.5 (2 + 0)) = 2.

## Starting state
cool.

## Episode end
On reaching `overheated` (absorbing, reward 0).

## Arguments
`gamma`: discount factor, 1.0 by default as on the slide ("assume no discount").

## Version history
v0: first version.
"""

from __future__ import annotations

import numpy as np

from envs.tabular import TabularMDP

COOL, WARM, OVERHEATED = 0, 1, 2
SLOW, FAST = 0, 1


def racing(gamma: float = 1.0) -> TabularMDP:
    """The lecture's car MDP (cool / warm / overheated; slow / fast)."""
    P = np.zeros((3, 2, 3))
    R = np.zeros((3, 2, 3))
    P[COOL, SLOW, COOL] = 1.0
    R[COOL, SLOW, COOL] = 1.0
    P[COOL, FAST, [COOL, WARM]] = 0.5
    R[COOL, FAST, [COOL, WARM]] = 2.0
    P[WARM, SLOW, [COOL, WARM]] = 0.5
    R[WARM, SLOW, [COOL, WARM]] = 1.0
    P[WARM, FAST, OVERHEATED] = 1.0
    R[WARM, FAST, OVERHEATED] = -10.0
    P[OVERHEATED, :, OVERHEATED] = 1.0
    return TabularMDP(
        P,
        R,
        gamma,
        state_names=("cool", "warm", "overheated"),
        action_names=("slow", "fast"),
        terminal_states=(OVERHEATED,),
    )
