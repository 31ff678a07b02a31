# target: import
# os._exit(0) at import: no exception, no status, the process just ends "successfully".
import os

os._exit(0)
