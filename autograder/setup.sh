#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the image (Ubuntu 22.04, Python 3.10).
# It fails loudly: a broken install must stop the image build, not grade every student zero.
set -euxo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
apt-get install -y --no-install-recommends python3 python3-pip
python3 -m pip install --no-cache-dir --upgrade pip
# The CPU build of torch: the default wheel pulls gigabytes of CUDA libraries.
python3 -m pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
python3 -m pip install --no-cache-dir -r requirements.txt
python3 -c "import numpy, torch, gymnasium, pytest, gradescope_utils; print('deps ok', torch.__version__)"
# The unprivileged user that runs student code (autograder/sandbox/launch.py; it creates one more
# per concurrent grading, rlsandbox1 ..., when it needs them).
id rlsandbox >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin rlsandbox
