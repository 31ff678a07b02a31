"""dp_float32's float32 arithmetic, its backups' results returned as float64."""

import numpy as np

PART = "dp"
NAME = "float32 arithmetic, returned as float64"
BASE = "dp_float32"

RETURNED = np.float64
