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
  KEY.time  the job's wall and CPU seconds ("WALL CPU"; figures for the instructor only)
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


def is_input_after(name: str) -> bool:
    """An input as it is after the call: INPUT_AFTER itself, or INPUT_AFTER + "." + which input
    (several inputs of one call, e.g. `input_after_the_call.mdp.R`)."""
    return name == INPUT_AFTER or name.startswith(INPUT_AFTER + ".")


# The only dtypes an output may have (numpy's names): no float128, object, structured or masked.
DTYPES = ("float64", "float32", "int64")
# A replay buffer sample's field dtypes travel as indices into this list.
SAMPLE_DTYPES = ("uint8", "int64", "float32", "float64", "int32", "bool")
# Arrays the grader adds from its own env host: a sandbox output of that name is dropped.
TRUSTED_PREFIX = "trusted."

# -- the env channel: an env that steps in the grader, driven from the sandbox ----------------
# One stream socket per job that needs an env. Each message starts with a one-byte tag:
# - JSON_TAG: a frame of a 4-byte big-endian length of a JSON header, a 4-byte length of a
#   binary payload, the header, the payload (an observation's raw bytes; its dtype and shape are
#   in the header). Every message but a step.
# - STEP_TAG: a step, the message a training case sends thousands of times, in a fixed binary
#   form: the request is the action (8-byte signed); the answer the reward (8-byte float),
#   terminated and truncated (a byte each), then the observation (4-byte length, its bytes; its
#   dtype and shape are the observation space's, sent once in answer to "spaces"). A refused
#   step is answered with a JSON frame.
FRAME = struct.Struct(">II")
JSON_TAG, STEP_TAG = b"J", b"S"
STEP_REQUEST = struct.Struct(">q")
STEP_ANSWER = struct.Struct(">dBBI")
MAX_HEADER_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024


def encode(header: dict, payload: bytes = b"") -> bytes:
    raw = json.dumps(header, allow_nan=False).encode("utf-8")
    return JSON_TAG + FRAME.pack(len(raw), len(payload)) + raw + payload


def encode_step(action: int) -> bytes:
    return STEP_TAG + STEP_REQUEST.pack(action)


def encode_step_answer(reward: float, terminated: bool, truncated: bool, obs: bytes) -> bytes:
    return STEP_TAG + STEP_ANSWER.pack(reward, terminated, truncated, len(obs)) + obs


def channel(sock):
    """A buffered reader of sock: most messages then cost one system call, not three."""
    return sock.makefile("rb", buffering=64 * 1024)


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) < size:
        raise ConnectionError("the other side closed the env channel")
    return data


def receive(stream) -> tuple[dict, bytes]:
    """A request, read by the grader's env host: (header, payload); a step request comes as
    {"op": "step", "action": int}. ValueError for a malformed or oversized message."""
    tag = _read_exactly(stream, 1)
    if tag == STEP_TAG:
        (action,) = STEP_REQUEST.unpack(_read_exactly(stream, STEP_REQUEST.size))
        return {"op": "step", "action": action}, b""
    return _receive_frame(stream, tag)


def receive_answer(stream) -> tuple[dict, bytes]:
    """An answer, read by the sandbox's env: (header, payload); a step answer comes as
    {"ok": True, "reward", "terminated", "truncated"} with the observation's bytes."""
    tag = _read_exactly(stream, 1)
    if tag == STEP_TAG:
        reward, terminated, truncated, size = STEP_ANSWER.unpack(
            _read_exactly(stream, STEP_ANSWER.size)
        )
        if size > MAX_PAYLOAD_BYTES:
            raise ValueError("env channel frame too large")
        return (
            {
                "ok": True,
                "reward": reward,
                "terminated": bool(terminated),
                "truncated": bool(truncated),
            },
            _read_exactly(stream, size),
        )
    return _receive_frame(stream, tag)


def _receive_frame(stream, tag: bytes) -> tuple[dict, bytes]:
    if tag != JSON_TAG:
        raise ValueError("env channel: not a message")
    header_size, payload_size = FRAME.unpack(_read_exactly(stream, FRAME.size))
    if header_size > MAX_HEADER_BYTES or payload_size > MAX_PAYLOAD_BYTES:
        raise ValueError("env channel frame too large")
    header = json.loads(_read_exactly(stream, header_size))
    if not isinstance(header, dict):
        raise ValueError("env channel header is not an object")
    return header, _read_exactly(stream, payload_size)
