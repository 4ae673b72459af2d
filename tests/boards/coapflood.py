#!/usr/bin/env python3
"""Floods a board's CoAP and DTLS ports with hostile datagrams (the bad-input
part of board.<target>.coap): random bytes, truncated and malformed CoAP,
unknown critical options, oversized datagrams, requests with random paths and
Block1/Block2 options, fake DTLS records and ClientHellos, sent as fast as the
socket allows. Prints how many it sent and how many answers came back.

  coapflood.py PLAIN_PORT DTLS_PORT COUNT SEED"""
import random
import socket
import struct
import sys


def coap(rnd):
    tkl = rnd.randint(0, 8)
    code = rnd.choice([1, 2, 3, 4, 0, 5, 69, 255])
    msg = bytearray([0x40 | (rnd.randint(0, 3) << 4) | tkl, code]) + struct.pack(">H", rnd.getrandbits(16))
    msg += rnd.randbytes(tkl)
    num = 0
    for _ in range(rnd.randint(0, 6)):
        nxt = rnd.choice([1, 11, 11, 15, 23, 27, 60, 258, 2049, num])
        if nxt < num:
            nxt = num
        d, v = nxt - num, rnd.randbytes(rnd.choice([0, 1, 3, 4, 12, 40, 300]))
        if nxt == 11:
            v = rnd.choice([b"capsules", b"run", b".well-known", b"core", b"x" * 60, b"svc", b"\x00a"])
        def nib(x):
            return (x, b"") if x < 13 else (13, bytes([x - 13])) if x < 269 else (14, struct.pack(">H", x - 269))
        a, ax = nib(d)
        b, bx = nib(len(v))
        msg += bytes([(a << 4) | b]) + ax + bx + v
        num = nxt
    if rnd.random() < 0.5:
        msg += b"\xff" + rnd.randbytes(rnd.choice([0, 1, 64, 1024, 1400]))
    if rnd.random() < 0.1:
        msg = msg[:rnd.randint(0, len(msg))]
    return bytes(msg)


def dtls(rnd):
    if rnd.random() < 0.5:
        return rnd.randbytes(rnd.randint(0, 200))
    body = bytes([1]) + rnd.randbytes(rnd.randint(0, 120))  # a ClientHello-looking handshake
    return bytes([22, 0xFE, 0xFD, 0, 0]) + rnd.randbytes(6) + struct.pack(">H", len(body)) + body


def main():
    plain, dport, count, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rnd = random.Random(seed)
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(4)]
    for s in socks:
        s.setblocking(False)
    answers = 0
    for i in range(count):
        s = socks[i % len(socks)]
        kind = rnd.random()
        if kind < 0.15:
            data, port = rnd.randbytes(rnd.randint(0, 1500)), plain
        elif kind < 0.75:
            data, port = coap(rnd), plain
        else:
            data, port = dtls(rnd), dport
        try:
            s.sendto(data, ("127.0.0.1", port))
        except (BlockingIOError, OSError):
            pass
        for t in socks:
            try:
                while True:
                    t.recv(4096)
                    answers += 1
            except (BlockingIOError, OSError):
                pass
    print("flood: sent %d datagrams, %d answers" % (count, answers))


main()
