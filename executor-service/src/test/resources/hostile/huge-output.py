# expect: PASSED
# stdout-truncated: true
import sys
for _ in range(2000):
    sys.stdout.write('x' * 1000)
