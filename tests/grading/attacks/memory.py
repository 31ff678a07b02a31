# target: bellman_backup_q
# ruff: noqa: F821 - a fragment: np and the _helpers come from _base.py and _prelude.py
# Far past memory, bounded: 30 GB and 3 GiB at once with numpy.ones (refused before a page is
# touched, or they would fill 3 GiB), and a creeping allocation of 64 MiB blocks up to 3 GiB (on
# the two smallest MDPs only). RLIMIT_DATA counts what is mapped, not what is touched, so the
# blocks need no touching (touching 2 GiB for the first time costs seconds in a VM); with no
# limit at all this could not take a 24 GiB machine down.
def bellman_backup_q(mdp, Q):
    import numpy as np

    report = []
    for label, nbytes in (("30GB", 30 * 10**9), ("3GiB", 3 * 2**30)):
        try:
            block = np.ones(nbytes // 8)
            report.append(f"{label}=ALLOCATED")
            del block
        except MemoryError:
            report.append(f"{label}=denied")
    if mdp.num_states <= 3:
        chunks = []
        try:
            for _ in range(48):
                chunks.append(np.empty(2**23))  # 64 MiB
            report.append("creep3GiB=ALLOCATED")
        except MemoryError:
            report.append(f"creep=denied-after-{64 * len(chunks)}MiB")
        del chunks
    _report("MEMORY", report)
