"""The expected reward sums r(s,a,s') over s' without weighting it by p(s'|s,a)."""

PART = "dp"
NAME = "reward summed over s' instead of averaged with p(s'|s,a)"
BROKEN = ("bellman_backup_v",)
CLAUSE = "V^{i+1}(s) <- max_a sum_s' p(s'|s,a) [ r(s,a,s') + gamma V^i(s') ]"


def bellman_backup_v(mdp, V):
    expected_reward = mdp.R.sum(axis=2)  # forgot the p(s'|s,a) weights
    return (expected_reward + mdp.gamma * (mdp.P @ V)).max(axis=1)
