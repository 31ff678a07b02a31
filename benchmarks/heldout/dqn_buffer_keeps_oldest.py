"""When D is full, add silently drops the new transition instead of overwriting the oldest."""

PART = "dqn"
NAME = "ReplayBuffer.add stops storing once the buffer is full"
BROKEN = ("ReplayBuffer",)
CLAUSE = "When D is full, the next transition overwrites the oldest one."


class ReplayBuffer(ReplayBuffer):
    def add(self, obs, action, reward, next_obs, terminated):
        if self.size == self.capacity:
            return
        i = self.size
        self.obs[i] = obs
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_obs[i] = next_obs
        self.terminated[i] = float(terminated)
        self.size += 1
