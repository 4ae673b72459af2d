#!/usr/bin/env python3
"""A recording relay and a replayer, for the replay tests of tests/auth.

  relay.py tcp|udp LISTEN_PORT TARGET_PORT RECORD_FILE
      Forwards one TCP connection (or UDP datagrams of one client) between
      127.0.0.1:LISTEN_PORT and 127.0.0.1:TARGET_PORT and records what the
      client sent (TCP: the byte stream; UDP: one datagram per record, each
      prefixed by its 2-byte big-endian length). Prints "relay ready" and
      runs until killed (bounded: 120 s).

  relay.py replay-tcp|replay-udp TARGET_PORT RECORD_FILE
      Sends the recorded client bytes again, from a new connection or socket,
      as an eavesdropper would, and prints how many bytes the device answered.
      Exits 0 (the device's answers are judged by the test, not here).
Only 127.0.0.1 is ever contacted.
"""
import socket
import struct
import sys
import threading
import time

HOST = "127.0.0.1"
LIFETIME = 120.0


def relay_tcp(listen_port, target_port, record):
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((HOST, listen_port))
    srv.listen(1)
    srv.settimeout(LIFETIME)
    print("relay ready", flush=True)
    cli, _ = srv.accept()
    dev = socket.create_connection((HOST, target_port), timeout=10)
    with open(record, "wb") as rec:
        def pump(src, dst, log):
            try:
                while True:
                    b = src.recv(4096)
                    if not b:
                        break
                    if log:
                        rec.write(b)
                        rec.flush()
                    dst.sendall(b)
            except OSError:
                pass
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        t = threading.Thread(target=pump, args=(dev, cli, False), daemon=True)
        t.start()
        pump(cli, dev, True)
        t.join(5)


def relay_udp(listen_port, target_port, record):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, listen_port))
    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    up.connect((HOST, target_port))
    client = None
    print("relay ready", flush=True)
    end = time.time() + LIFETIME
    with open(record, "wb") as rec:
        while time.time() < end:
            import select
            r, _, _ = select.select([s, up], [], [], 0.5)
            if s in r:
                data, client = s.recvfrom(65536)
                rec.write(struct.pack(">H", len(data)) + data)
                rec.flush()
                up.send(data)
            if up in r and client is not None:
                s.sendto(up.recv(65536), client)


def replay_tcp(target_port, record):
    data = open(record, "rb").read()
    c = socket.create_connection((HOST, target_port), timeout=10)
    c.sendall(data)
    got = b""
    c.settimeout(1.5)
    try:
        while True:
            b = c.recv(4096)
            if not b:
                break
            got += b
    except OSError:
        pass
    c.close()
    print("replayed %d bytes, device answered %d bytes" % (len(data), len(got)))


def replay_udp(target_port, record):
    data = open(record, "rb").read()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.connect((HOST, target_port))
    s.settimeout(0.3)
    n = got = 0
    i = 0
    while i + 2 <= len(data):
        (k,) = struct.unpack(">H", data[i:i + 2])
        s.send(data[i + 2:i + 2 + k])
        n += 1
        i += 2 + k
        try:
            while True:
                got += len(s.recv(65536))
        except OSError:
            pass
    print("replayed %d datagrams, device answered %d bytes" % (n, got))


def main():
    mode = sys.argv[1]
    if mode in ("tcp", "udp") and len(sys.argv) == 5:
        (relay_tcp if mode == "tcp" else relay_udp)(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif mode in ("replay-tcp", "replay-udp") and len(sys.argv) == 4:
        (replay_tcp if mode == "replay-tcp" else replay_udp)(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
