# expect: ERROR
# exception: PermissionError|FileNotFoundError
print(open('/etc/shadow').read())
