# expect: ERROR
# exception: KeyError
# The tests' functions (and the values in their code) are not in the program's process at all.
def solve(x):
    return [c for c in globals()['check'].__code__.co_consts if isinstance(c, int) and c > 1][0]
# --- tests ---
def check(candidate):
    assert candidate(1) == 42
check(solve)
