#!/usr/bin/env python3
"""Raw CoAP client for the coap.badinput test: sends hand-made Block1 sequences
(truncated, reordered, duplicated, abandoned) that a well-behaved client never
would, and prints each response as "CODE PAYLOAD" (e.g. "4.08 ...").

  rawcoap.py PORT PATH FILE SZX ORDER [--pause-after K SECONDS] [--size1 N]

ORDER is a comma-separated list of block numbers to send, in that order; M
(more) is set on every block but the file's last one. With --pause-after the
client sleeps SECONDS after the K-th request (same socket, same source port:
a client that vanished and came back). --size1 announces N as the total in
block 0 instead of the file's size (an oversized body)."""
import random
import socket
import struct
import sys
import time


def option(delta_base, number, value):
    delta = number - delta_base
    out = bytearray()
    def nib(v):
        if v < 13:
            return v, b""
        if v < 269:
            return 13, bytes([v - 13])
        return 14, struct.pack(">H", v - 269)
    d, dx = nib(delta)
    l, lx = nib(len(value))
    out.append((d << 4) | l)
    out += dx + lx + value
    return bytes(out)


def uint_bytes(v):
    if v == 0:
        return b""
    n = (v.bit_length() + 7) // 8
    return v.to_bytes(n, "big")


def request(mid, token, code, path, block1, size1, payload):
    opts = [(11, seg.encode()) for seg in path.strip("/").split("/")]
    if block1 is not None:
        opts.append((27, uint_bytes(block1)))
    if size1 is not None:
        opts.append((60, uint_bytes(size1)))
    msg = bytearray([0x40 | len(token), code]) + struct.pack(">H", mid) + token
    base = 0
    for num, val in opts:
        msg += option(base, num, val)
        base = num
    if payload:
        msg += b"\xff" + payload
    return bytes(msg)


def parse(resp):
    tkl = resp[0] & 0x0F
    code = resp[1]
    i = 4 + tkl
    while i < len(resp) and resp[i] != 0xFF:
        b = resp[i]
        d, l = b >> 4, b & 0x0F
        i += 1
        for v in (d, l):
            pass
        if d == 13:
            i += 1
        elif d == 14:
            i += 2
        if l == 13:
            l = resp[i] + 13
            i += 1
        elif l == 14:
            l = struct.unpack(">H", resp[i:i + 2])[0] + 269
            i += 2
        i += l
    payload = resp[i + 1:] if i < len(resp) else b""
    return "%d.%02d" % (code >> 5, code & 31), payload.decode("utf-8", "replace").strip()


def main():
    port, path, path_file, szx, order = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    pause_k, pause_s = -1, 0.0
    size1 = None
    rest = sys.argv[6:]
    while rest:
        if rest[0] == "--pause-after":
            pause_k, pause_s = int(rest[1]), float(rest[2])
            rest = rest[3:]
        elif rest[0] == "--size1":
            size1 = int(rest[1])
            rest = rest[2:]
        else:
            sys.exit("rawcoap.py: unknown argument " + rest[0])
    data = open(path_file, "rb").read()
    if size1 is None:
        size1 = len(data)
    size = 1 << (szx + 4)
    last = (len(data) - 1) // size
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    token = random.randbytes(4)
    mid = random.randint(1, 30000)
    for k, num in enumerate(int(x) for x in order.split(",")):
        more = 1 if num < last else 0
        block1 = (num << 4) | (more << 3) | szx
        chunk = data[num * size:(num + 1) * size]
        mid += 1
        s.sendto(request(mid, token, 0x03, path, block1, size1 if num == 0 else None, chunk),
                 ("127.0.0.1", port))
        try:
            code, payload = parse(s.recv(4096))
        except socket.timeout:
            code, payload = "timeout", ""
        print(num, code, payload, flush=True)
        if k + 1 == pause_k:
            time.sleep(pause_s)


if __name__ == "__main__":
    main()
