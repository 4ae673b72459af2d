#!/usr/bin/env python3
"""Line noise on one byte that matters: relays one TCP client to a device
(wcapd's TCP serial port) and damages the delimiter (0x00 -> 0x20) of the
first short host frame that follows a run of long ones, which in an upload
is the UploadEnd after the last chunks. The device then holds a half frame
and sends nothing: only the host can end it (docs/device-protocol.md,
"Lost delimiters"). Prints its port; stops after 120 s.

usage: delimrelay.py HOST:PORT   ->  prints "PORT"
"""
import select
import socket
import sys
import time

LONG, SHORT, RUN = 150, 64, 8  # encoded frame bytes; long frames needed before the short one

host, port = sys.argv[1].rsplit(":", 1)
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(1)
print(srv.getsockname()[1], flush=True)
client, _ = srv.accept()
dev = socket.create_connection((host, int(port)))
deadline = time.time() + 120
frame_len, long_run, done = 0, 0, False
while time.time() < deadline:
    ready, _, _ = select.select([client, dev], [], [], 0.5)
    if dev in ready:
        data = dev.recv(4096)
        if not data:
            break
        client.sendall(data)
    if client in ready:
        data = bytearray(client.recv(4096))
        if not data:
            break
        for i, b in enumerate(data):
            if b != 0:
                frame_len += 1
                continue
            if not done and 0 < frame_len < SHORT and long_run >= RUN:
                data[i] = 0x20
                done = True
                print("damaged the delimiter of a", frame_len, "byte frame", file=sys.stderr, flush=True)
            long_run = long_run + 1 if frame_len >= LONG else (long_run if frame_len == 0 else 0)
            frame_len = 0
        dev.sendall(bytes(data))
