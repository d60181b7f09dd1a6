# expect: PASSED
# Leaks every descriptor the limit allows: the harness still reports (it closes them first).
files = []
try:
    while True:
        files.append(open('leak.txt', 'w'))
except OSError:
    pass
def solve(x):
    return x + 1
# --- tests ---
assert solve(1) == 2
