# expect: OUT_OF_MEMORY
chunks = []
while True:
    chunks.append(bytes(64 * 1024 * 1024))
