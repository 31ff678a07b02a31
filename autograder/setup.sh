#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the image (Ubuntu 22.04, Python 3.10).
# It fails loudly: a broken install must stop the image build, not grade every student zero.
set -euxo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DEBIAN_FRONTEND=noninteractive
# A fresh image has no package lists yet: without the update, apt-get install finds nothing.
apt-get update
apt-get install -y --no-install-recommends python3 python3-pip
python3 -c 'import sys; assert sys.version_info >= (3, 10), sys.version'
python3 -m pip install --no-cache-dir --upgrade pip
# The CPU build of torch for this interpreter (cp310 on Ubuntu 22.04): the default wheel pulls
# gigabytes of CUDA libraries. requirements.txt's torch==2.13.0 is then already satisfied.
python3 -m pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
python3 -m pip install --no-cache-dir -r requirements.txt \
    --extra-index-url https://download.pytorch.org/whl/cpu
# Every package imports, torch is the CPU build, and the versions go into the build log.
python3 - <<'PY'
import platform
from importlib.metadata import version

import gradescope_utils  # noqa: F401
import gymnasium
import numpy
import pytest
import torch

assert torch.version.cuda is None, f"torch {torch.__version__} is a CUDA build"
print("python", platform.python_version(), "| numpy", numpy.__version__, "| torch",
      torch.__version__, "| gymnasium", gymnasium.__version__, "| pytest", pytest.__version__,
      "| gradescope-utils", version("gradescope-utils"))
PY
# Bytecode for the grader, once in the image rather than at every grading (its own modules; the
# sandbox's copy is compiled by the grader: autograder/sandbox/run.py, install_runtime).
python3 -m compileall -q .
# The unprivileged user that runs student code (autograder/sandbox/launch.py; it creates one more
# per concurrent grading, rlsandbox1 ..., when it needs them).
id rlsandbox >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin rlsandbox
