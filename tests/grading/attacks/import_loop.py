# target: import
# An import that never ends.
while True:
    pass
