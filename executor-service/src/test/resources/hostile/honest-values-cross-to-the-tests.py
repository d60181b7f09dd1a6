# expect: PASSED
# The tests run in a process of their own: what an honest program returns must reach them intact,
# what it changes in place must show in the tests' own objects, and what it raises must be
# catchable by its built-in class.
from collections import Counter, OrderedDict, defaultdict, deque
import math
class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next
def values():
    counts = defaultdict(int)
    counts['a'] += 2
    return (float('inf'), -0.0, 2 ** 3000, b'\x00\xff', 1 + 2j, frozenset({3}), {1: [2, (3, None)]},
            Counter('aab'), OrderedDict(b=1, a=2), dict(counts), deque([1, 2]), True, 'ü\n\t"')
def length(node):
    return 0 if node is None else 1 + length(node.next)
def squares(n):
    return (i * i for i in range(n))
def sort_in_place(items, index=None):
    items.sort()
    if index is not None:
        index.update({item: i for i, item in enumerate(items)})
def fail(kind):
    raise {'value': ValueError, 'key': KeyError}[kind]('no')
# --- tests ---
got = values()
assert got[0] == math.inf and math.copysign(1, got[1]) == -1 and got[2] == 2 ** 3000
assert got[3:] == (b'\x00\xff', 1 + 2j, frozenset({3}), {1: [2, (3, None)]}, Counter({'a': 2, 'b': 1}),
                   OrderedDict(b=1, a=2), {'a': 2}, deque([1, 2]), True, 'ü\n\t"')
assert length(Node(1, Node(2, Node(3)))) == 3
assert list(squares(4)) == [0, 1, 4, 9] and sum(squares(3)) == 5
numbers, index = [3, 1, 2], {}
sort_in_place(numbers, index=index)
assert numbers == [1, 2, 3] and index == {1: 0, 2: 1, 3: 2}
for kind, error in (('value', ValueError), ('key', KeyError)):
    try:
        fail(kind)
    except error:
        pass
    else:
        assert False
