"""The boundary. `launch` and `run` are the trusted side; `worker`, `protocol` and `probes` are
all the untrusted side ever sees. This file stays empty: the worker imports the package."""
