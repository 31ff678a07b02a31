# target: import
# sys.exit(0) at import: "success", before any function exists.
import sys

sys.exit(0)
