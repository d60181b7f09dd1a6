# expect: FAILED
# feedback: assert solve(1) == 3
def solve(x):
    return x + 1
# --- tests ---
assert solve(1) == 2
assert solve(1) == 3
