#!/usr/bin/env python3
"""A serial line for tests: creates a pseudo terminal, prints its slave path
(for `wcapd --serial PATH`) and a TCP port on one line, then relays bytes
between the pty master and one TCP client at a time. Stops after 120 s.

usage: ptyrelay.py   ->  prints "PATH PORT"
"""
import os
import select
import socket
import time
import tty

master, slave = os.openpty()
tty.setraw(slave)
path = os.ttyname(slave)
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
print(path, srv.getsockname()[1], flush=True)
deadline = time.time() + 120
client = None
while time.time() < deadline:
    fds = [master, srv] + ([client] if client else [])
    ready, _, _ = select.select(fds, [], [], 0.5)
    if srv in ready:
        if client:
            client.close()
        client, _ = srv.accept()
    if client and client in ready:
        data = client.recv(4096)
        if not data:
            client.close()
            client = None
        else:
            os.write(master, data)
    if master in ready:
        data = os.read(master, 4096)
        if client:
            client.sendall(data)
