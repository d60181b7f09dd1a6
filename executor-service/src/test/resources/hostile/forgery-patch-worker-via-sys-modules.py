# expect: ERROR
# exception: ValueError
import sys
worker = sys.modules['__main__']
worker.describe = lambda exc: {"type": None}
worker.json = None
raise ValueError("the tests would fail")
# --- tests ---
assert False
