"""The boundary's protocol: what crosses between the grader and the sandbox, in one place.

THE RULE. The sandbox returns raw data; the trusted grader decides. A probe inside the sandbox
only calls the student's functions on trusted inputs and records what they returned or did (an
array, the parameters of a network, the transitions handed to a buffer). Whatever runs in the
student's process is the student's: the submission can replace the probe at import and return
anything. So no count, flag, distance, statistic, return or pass/fail is ever computed there:
the grader computes every one of them from the raw arrays (autograder/grade/verdicts.py), with
trusted scales, and the environment a learning check is judged on steps in the grader's own
process (autograder/sandbox/env_host.py), which records what the agent actually did.
`tests/grading/test_raw_data.py` checks the rule: every probe patched by a hostile import moves
no score.

Standard library only: the worker (untrusted side) and the grader both import this file.

Files a job leaves in its output folder (the grader reads them back without following links):
  KEY.json  status: {"ok", "stage", "error", "contract", "timed_out", "import_failed"}
  KEY.npz   the probe's arrays (no pickle): names, dtypes and sizes are checked against the
            reference's before anything is computed; other names are dropped
  KEY.log   the tail of what the code printed
  KEY.time  the job's wall seconds
"""

from __future__ import annotations

import json
import struct

# -- job outputs ---------------------------------------------------------------------------------
STATUS_BYTES = 64 * 1024
NPZ_BYTES = 64 * 1024 * 1024  # the file, and all its arrays uncompressed
NPZ_MEMBERS = 64
LOG_KEPT_BYTES = 8192
IMPORT_KEY = "__import__"  # the job that only imports the student's module
# The output under which a probe returns an input array as it is after the call: the trusted
# grader compares it with the input it gave (an "unchanged" check in the sandbox can be patched).
INPUT_AFTER = "input_after_the_call"
# The only dtypes an output may have (numpy's names): no float128, object, structured or masked.
DTYPES = ("float64", "float32", "int64")
# A replay buffer sample's field dtypes travel as indices into this list.
SAMPLE_DTYPES = ("uint8", "int64", "float32", "float64", "int32", "bool")
# Arrays the grader adds from its own env host: a sandbox output of that name is dropped.
TRUSTED_PREFIX = "trusted."

# -- the env channel: an env that steps in the grader, driven from the sandbox ----------------
# One stream socket per job that needs an env. Each message is a frame: 4-byte big-endian
# length of a JSON header, 4-byte length of a binary payload, the header, the payload (an
# observation's raw bytes; its dtype and shape are in the header).
FRAME = struct.Struct(">II")
MAX_HEADER_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024


def encode(header: dict, payload: bytes = b"") -> bytes:
    raw = json.dumps(header, allow_nan=False).encode("utf-8")
    return FRAME.pack(len(raw), len(payload)) + raw + payload


def _read_exactly(sock, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("the other side closed the env channel")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def receive(sock) -> tuple[dict, bytes]:
    """One frame from sock; ValueError for a malformed or oversized one."""
    header_size, payload_size = FRAME.unpack(_read_exactly(sock, FRAME.size))
    if header_size > MAX_HEADER_BYTES or payload_size > MAX_PAYLOAD_BYTES:
        raise ValueError("env channel frame too large")
    header = json.loads(_read_exactly(sock, header_size))
    if not isinstance(header, dict):
        raise ValueError("env channel header is not an object")
    return header, _read_exactly(sock, payload_size)
