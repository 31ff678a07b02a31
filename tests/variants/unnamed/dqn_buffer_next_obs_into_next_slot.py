"""ReplayBuffer.add also writes phi_{t+1} into the obs slot of the next index (as if the next
transition were sure to start there): when full, that slot still holds the oldest transition,
whose obs is overwritten, so one slot mixes two transitions."""

PART = "dqn"
NAME = "add writes next_obs into the next slot's obs"
CAUGHT_BY = ["dqn.replay_buffer"]
TOLD = "do not belong to the same transition"


class ReplayBuffer(ReplayBuffer):
    def add(self, obs, action, reward, next_obs, terminated):
        super().add(obs, action, reward, next_obs, terminated)
        self.obs[self.pos] = next_obs  # the mistake: the next slot's phi_t, written too early
