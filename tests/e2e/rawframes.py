#!/usr/bin/env python3
"""Sends hostile raw bytes to a wcapd TCP port and checks the device survives.

usage: rawframes.py HOST PORT
Sends, on one connection: a frame with a bad CRC, an over-long frame, bad
COBS, random noise, a valid frame holding a payload that is not a Request, a
Request with seq 0; then a valid Info request, which must be answered. Exits
0 when the answer arrives with a good CRC and carries Response.seq == 7 and
the device reported the dropped frames; 1 otherwise.
"""
import random
import socket
import struct
import sys
import zlib


def cobs(data: bytes) -> bytes:
    out, block = bytearray(), bytearray()
    for b in data:
        if b == 0:
            out += bytes([len(block) + 1]) + block
            block = bytearray()
        else:
            block.append(b)
            if len(block) == 254:
                out += b"\xff" + block
                block = bytearray()
    out += bytes([len(block) + 1]) + block
    return bytes(out)


def uncobs(data: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(data):
        code = data[i]
        out += data[i + 1:i + code]
        i += code
        if code != 0xFF and i < len(data):
            out.append(0)
    return bytes(out)


def frame(payload: bytes, crc_ok: bool = True) -> bytes:
    crc = zlib.crc32(payload) ^ (0 if crc_ok else 0x1)
    return cobs(payload + struct.pack("<I", crc)) + b"\x00"


def main() -> int:
    host, port = sys.argv[1], int(sys.argv[2])
    rng = random.Random(1234)
    s = socket.create_connection((host, port), timeout=5)
    info7 = b"\x08\x07\x12\x00"  # Request{seq=7, info{}}
    s.sendall(frame(info7, crc_ok=False))                 # bad CRC
    s.sendall(b"\x41" * 600 + b"\x00")                     # over-long frame
    s.sendall(b"\x09\x01\x02\x00")                         # bad COBS (runs past end)
    s.sendall(bytes(rng.randrange(256) for _ in range(4000)) + b"\x00")  # noise
    s.sendall(frame(b"\xff\xff\xff\xff\xff"))              # valid frame, not a Request
    s.sendall(frame(b"\x12\x00"))                          # Request with seq 0
    s.sendall(frame(info7))                                # finally a good request
    buf, frames = b"", []
    while True:
        try:
            chunk = s.recv(4096)
        except socket.timeout:
            break
        if not chunk:
            break
        buf += chunk
        while b"\x00" in buf:
            f, buf = buf.split(b"\x00", 1)
            if f:
                frames.append(uncobs(f))
        # the Info answer: field 1 (seq) = 7 at the start
        if any(f[:2] == b"\x08\x07" for f in frames):
            break
    s.close()
    good = [f for f in frames if len(f) > 4 and zlib.crc32(f[:-4]) == struct.unpack("<I", f[-4:])[0]]
    answered = any(f[:2] == b"\x08\x07" for f in good)
    notices = len([f for f in good if f[:2] != b"\x08\x07"])
    print(f"frames received: {len(frames)}, CRC ok: {len(good)}, notices: {notices}, info answered: {answered}")
    return 0 if answered and notices >= 3 and len(good) == len(frames) else 1


if __name__ == "__main__":
    sys.exit(main())
