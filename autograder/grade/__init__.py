"""Grade time, trusted: the entry point, the session, the verdicts, feedback and results.json."""
