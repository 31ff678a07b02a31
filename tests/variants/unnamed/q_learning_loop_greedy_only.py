"""The behaviour policy never explores: the greedy action at every step."""

PART = "q_learning"
NAME = "loop: never explores (greedy only)"
CAUGHT_BY = ["q_learning.learning"]
TOLD = "it explores, not only acts greedily"
SUBSTITUTE = [("a = epsilon_greedy(Q[s], epsilon, rng)", "a = int(np.argmax(Q[s]))")]
