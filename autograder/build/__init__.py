"""Build time: the expected data (reference, oracles, known mistakes) and the zips."""
