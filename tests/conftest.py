"""The package's own tests (tests/public and tests/hidden are the homework's)."""

pytest_plugins = ["pytester"]
