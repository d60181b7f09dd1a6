# expect: ERROR
# exception: OSError|PermissionError
with open('/usr/leti-escape', 'w') as f:
    f.write('escaped')
