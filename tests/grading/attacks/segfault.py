# target: bellman_backup_v
def bellman_backup_v(mdp, V):
    import ctypes

    ctypes.string_at(0)  # SIGSEGV
