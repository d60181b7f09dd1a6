# expect: PASSED
from collections import namedtuple
from dataclasses import dataclass
Point = namedtuple('Point', 'x y')
@dataclass
class Pair:
    a: int
    b: int
def solve(x):
    return Point(x, x + 1), Pair(x, 2 * x), [x] * 3
# --- tests ---
assert solve(1) == (Point(1, 2), Pair(1, 2), [1, 1, 1])
def check(candidate):
    assert candidate(2)[0] == Point(2, 3)
check(solve)
