# expect: ERROR|TIMEOUT
# limits: short
import os
while True:
    os.fork()
