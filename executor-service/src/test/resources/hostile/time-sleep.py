# expect: TIMEOUT
# limits: short
import time
time.sleep(60)
