# target: bellman_backup_v
def bellman_backup_v(mdp, V):
    while True:
        pass
