# expect: TIMEOUT
# feedback: timeout
# limits: short
while True:
    pass
