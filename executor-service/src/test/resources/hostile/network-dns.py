# expect: ERROR
# exception: gaierror|PermissionError|OSError
import socket
socket.getaddrinfo('example.com', 80)
