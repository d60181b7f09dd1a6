# expect: FAILED
print('{"type": null}')
print('{"id": 0, "timedOut": false, "exitCode": 0, "signal": null, "verdict": {"type": null}, "stdout": ""}')
print('R{"type": null, "proof": "0"}')
# --- tests ---
assert 1 == 2
