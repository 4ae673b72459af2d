#!/usr/bin/env python3
"""Records what clients send to a device, for the fuzz seeds (make_seeds.sh).

usage: capture.py tcp|udp UPSTREAM_PORT OUTFILE
Listens on 127.0.0.1 (a free port, printed on stdout as `port N`), relays
everything both ways to 127.0.0.1:UPSTREAM_PORT and appends what the clients
send to OUTFILE: tcp, the raw byte stream of every connection in turn (the
device harness's wire bytes); udp, each datagram as [u16 length LE][bytes]
(the CoAP harness's records). Runs until killed.
"""
import select
import socket
import struct
import sys


def tcp(up_port: int, out) -> None:
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    print("port", ls.getsockname()[1], flush=True)
    while True:
        c, _ = ls.accept()
        u = socket.create_connection(("127.0.0.1", up_port))
        open_ = True
        while open_:
            r, _, _ = select.select([c, u], [], [])
            for s in r:
                d = s.recv(65536)
                if not d:
                    open_ = False
                    break
                if s is c:
                    out.write(d)
                    out.flush()
                    u.sendall(d)
                else:
                    c.sendall(d)
        c.close()
        u.close()


def udp(up_port: int, out) -> None:
    ls = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ls.bind(("127.0.0.1", 0))
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    print("port", ls.getsockname()[1], flush=True)
    client = None
    while True:
        r, _, _ = select.select([ls, u], [], [])
        if ls in r:
            d, client = ls.recvfrom(65536)
            out.write(struct.pack("<H", len(d)) + d)
            out.flush()
            u.sendto(d, ("127.0.0.1", up_port))
        if u in r:
            d, _ = u.recvfrom(65536)
            if client is not None:
                ls.sendto(d, client)


def main() -> int:
    mode, up_port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, "ab") as out:
        (tcp if mode == "tcp" else udp)(up_port, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
