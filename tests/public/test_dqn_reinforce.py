"""Parts 4 and 5 (dqn.py, reinforce.py): the lecture's shapes and small hand-computed losses.

The hidden tests load weights into your network, compare dqn_loss and its gradient on real
Atari-lite transitions, check the replay memory's sampling, that REINFORCE is unbiased on a tiny
MDP, and that your training loops learn.
"""

import numpy as np
import pytest
import torch
from conftest import call

LOSS = "( Q_new(s, a) - (r + gamma (1 - terminated) max_a' Q_old(s', a')) )^2, batch mean"


def test_q_network_has_the_lecture_shapes(dqn):
    """On 84x84x4 frames: 16x20x20 after conv 1, 32x9x9 after conv 2, so FC-256 sees 2592."""
    net = call(dqn.QNetwork, 4, 4, frame_size=84)
    shapes = [tuple(p.shape) for p in net.parameters()]
    assert shapes == [
        (16, 4, 8, 8),
        (16,),
        (32, 16, 4, 4),
        (32,),
        (256, 2592),
        (256,),
        (4, 256),
        (4,),
    ], (
        f"your parameters have shapes {shapes}; the lecture's network is 16 8x8 conv stride 4, "
        "32 4x4 conv stride 2, FC-256, FC-4 (registered in that order)"
    )
    frames = torch.randint(0, 256, (2, 4, 84, 84), dtype=torch.uint8)
    q = net(frames)
    assert tuple(q.shape) == (2, 4), f"forward returned shape {tuple(q.shape)}; expected (2, 4)"
    assert torch.allclose(q, net(frames.float())), (
        "forward must give the same Q-values for uint8 frames and the same values as floats "
        "(scale 0..255 inside forward)"
    )


class LookupQ(torch.nn.Module):
    """A stand-in Q-network: the first pixel of a frame selects a row of a fixed table."""

    def __init__(self, table):
        super().__init__()
        self.table = torch.nn.Parameter(torch.tensor(table, dtype=torch.float32))

    def forward(self, x):
        return self.table[x.reshape(len(x), -1)[:, 0].long()]


def batch(states, actions, rewards, next_states, terminated):
    def frames(indices):
        return torch.tensor(indices, dtype=torch.uint8).reshape(-1, 1, 1, 1)

    return (
        frames(states),
        torch.tensor(actions),
        torch.tensor(rewards, dtype=torch.float32),
        frames(next_states),
        torch.tensor(terminated, dtype=torch.float32),
    )


def test_dqn_loss_by_hand(dqn):
    """Q_new(0, 1) = 2, target 1 + 0.5 * max(3, 5) = 3.5 -> 2.25; terminal: Q_new(1, 0) = 3,
    target -1 -> 16; mean = 9.125."""
    q_net = LookupQ([[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]])
    target_net = LookupQ([[0.0, 0.0], [3.0, 5.0], [9.0, 9.0]])
    fields = batch([0, 1], [1, 0], [1.0, -1.0], [1, 2], [0.0, 1.0])
    named = getattr(dqn, "Batch", None)
    data = named(*fields) if named is not None else fields
    loss = call(dqn.dqn_loss, q_net, target_net, data, 0.5)
    assert isinstance(loss, torch.Tensor) and loss.dim() == 0, (
        "dqn_loss must return a 0-dim torch tensor (the batch mean)"
    )
    assert loss.item() == pytest.approx(9.125), (
        f"dqn_loss = {loss.item():.4f}; expected 9.125 = mean(2.25, 16). {LOSS}"
    )
    loss.backward()
    assert target_net.table.grad is None or not target_net.table.grad.any(), (
        "gradient reached the target network: Q_old is frozen (torch.no_grad or .detach)"
    )


def test_epsilon_schedule_endpoints(dqn):
    assert call(dqn.epsilon_at, 0, 1.0, 0.1, 100) == pytest.approx(1.0)
    assert dqn.epsilon_at(50, 1.0, 0.1, 100) == pytest.approx(0.55)
    assert dqn.epsilon_at(1000, 1.0, 0.1, 100) == pytest.approx(0.1), (
        "after decay_steps, epsilon stays at its end value"
    )


def test_reward_to_go(reinforce):
    got = call(reinforce.reward_to_go, [1.0, 2.0, 3.0], 1.0)
    assert np.allclose(got, [6.0, 5.0, 3.0]), f"reward_to_go([1, 2, 3]) = {got}; expected [6, 5, 3]"
    got = reinforce.reward_to_go([1.0, 2.0, 3.0], 0.5)
    assert np.allclose(got, [2.75, 3.5, 3.0]), (
        f"reward_to_go([1, 2, 3], gamma=0.5) = {got}; expected [2.75, 3.5, 3] (G_t = r_t + "
        "gamma G_{t+1})"
    )


def test_reinforce_loss_by_hand(reinforce):
    """Two trajectories with returns 3 and -1: d loss / d log pi = -return / N = -1.5 and 0.5."""
    log_probs = [
        torch.tensor([-0.5, -1.0], requires_grad=True),
        torch.tensor([-2.0], requires_grad=True),
    ]
    loss = call(reinforce.reinforce_loss, log_probs, [[1.0, 2.0], [-1.0]])
    assert isinstance(loss, torch.Tensor) and loss.dim() == 0, "return a 0-dim tensor"
    assert loss.item() == pytest.approx(-(-1.5 * 3 + -2.0 * -1) / 2), (
        f"reinforce_loss = {loss.item():.4f}; expected 1.25 = -(1/N) sum_i [sum_t log pi] [sum_t r]"
    )
    loss.backward()
    assert torch.allclose(log_probs[0].grad, torch.tensor([-1.5, -1.5])) and torch.allclose(
        log_probs[1].grad, torch.tensor([0.5])
    ), (
        "each log-probability's gradient must be -(its trajectory's whole return) / N: average "
        "over trajectories, sum over time steps"
    )
