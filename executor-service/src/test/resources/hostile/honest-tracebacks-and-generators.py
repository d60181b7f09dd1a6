# expect: PASSED
# Ordinary uses of what the audit hook watches must not be findings.
import traceback
from enum import Enum
from typing import NamedTuple
class Color(Enum):
    RED = 1
class Pair(NamedTuple):
    a: int
    b: int
def squares(n):
    for i in range(n):
        yield i * i
def solve(n):
    try:
        {}['missing']
    except KeyError:
        text = traceback.format_exc()
    return list(squares(n)), 'KeyError' in text, Pair(1, 2), Color.RED
# --- tests ---
assert solve(3) == ([0, 1, 4], True, Pair(1, 2), Color.RED)
