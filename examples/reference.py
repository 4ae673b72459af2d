#!/usr/bin/env python3
"""Independent reference values for the example tests (examples/CMakeLists.txt).

Recomputes what compute.c and big.c return, in Python, so the tests compare the
capsule's result with numbers that did not come from the capsule pipeline.
Run: python3 examples/reference.py
"""
import struct

M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF


def crc32(length, seed):
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if c & 1 else c >> 1
        table.append(c)
    crc = 0
    while length > 0:
        n = min(length, 4096)
        s = seed
        crc = ~crc & M32
        for _ in range(n):
            s = (s * 1664525 + 1013904223) & M32
            crc = table[(crc ^ (s >> 24)) & 0xFF] ^ (crc >> 8)
        crc = ~crc & M32
        seed = (seed * 0x9E3779B9 + 1) & M32
        length -= n
    return crc


def mix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def matmul(scale, n):
    n = max(1, min(16, n))
    a = [[scale * float(i + 1) / float(j + 1) for j in range(n)] for i in range(n)]
    b = [[float((i * 7 + j * 3) % 11) - 5.0 for j in range(n)] for i in range(n)]
    total = 0.0
    c = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            s = 0.0
            for k in range(n):
                s += a[i][k] * b[k][j]
            c[i][j] = s
    for i in range(n):
        for j in range(n):
            total += c[i][j] * float(2 if i == j else 1)
    return total


def unaligned(off):
    buf = bytearray(4096)
    base = off & 63
    for i in range(64):
        p = base + i * 7
        d = ((i + 1) * 0x9E3779B97F4A7C15) & M64
        buf[p:p + 8] = struct.pack("<Q", d)
        buf[p + 8:p + 12] = struct.pack("<I", (d >> 17) & M32)
        buf[p + 12:p + 14] = struct.pack("<H", (d >> 40) & 0xFFFF)
        buf[p + 14:p + 22] = struct.pack("<d", i * 1.25 - 20.0)
    acc = 0
    for i in range(64):
        p = base + i * 5
        d, = struct.unpack_from("<Q", buf, p)
        w, = struct.unpack_from("<I", buf, p + 1)
        h, = struct.unpack_from("<H", buf, p + 3)
        f, = struct.unpack_from("<d", buf, p + 14)
        acc = (((acc ^ d) * 0x100000001B3) + w + h + (1 if f > 0.0 else 0)) & M64
    return acc


def rotl(x, r):
    r &= 31
    return ((x << r) | (x >> ((32 - r) & 31))) & M32


def mixer(k, x, y):
    a = x ^ ((0x9E3779B9 * (k + 1)) & M32)
    b = (y + (0x85EBCA6B ^ ((k << 7) & M32))) & M32
    for i in range(k % 5 + 2):
        a = rotl((a + b) & M32, (k * 3 + i) & 31) ^ ((b * 0xC2B2AE35) & M32)
        b = (rotl(b ^ a, (k + 13) & 31) + (a >> ((k & 7) + 1))) & M32
        if (a & (k | 1)) == 0:
            b ^= (0x27D4EB2F + k) & M32
        else:
            a = (a - (b >> 3)) & M32
    sel = (a ^ b) & 3
    if sel == 0:
        return (a * (2 * k + 1) + b) & M32
    if sel == 1:
        return ((a ^ rotl(b, k)) + k) & M32
    if sel == 2:
        return (((a + b) * 0x165667B1) & M32) ^ ((k << 3) & M32)
    return (a - b + k * 0x01000193) & M32


# big.c: MIXER64(1) expands to mix_1000 .. mix_1333 (decimal literals whose
# last three digits are 0..3), then MIXER16(20) and MIXER16(21) to
# mix_2000 .. mix_2033 and mix_2100 .. mix_2133, in that order.
BIG_KEYS = ([1000 + 100 * p + 10 * q + r for p in range(4) for q in range(4) for r in range(4)] +
            [base + 10 * q + r for base in (2000, 2100) for q in range(4) for r in range(4)])


def churn(seed, rounds):
    x, y = seed, ~seed & M32
    for _ in range(rounds):
        for k in BIG_KEYS:
            t = mixer(k, x, y)
            y, x = x, t
    return x ^ y


if __name__ == "__main__":
    print("compute.run", crc32(4096, 1))
    print("compute.crc32(10000,7)", crc32(10000, 7))
    print("compute.mix64(12345678901234)", mix64(12345678901234))
    m = matmul(1.5, 16)
    print("compute.matmul(1.5,16)", repr(m), struct.pack("<d", m).hex())
    print("compute.unaligned(3)", unaligned(3), unaligned(3) - (1 << 64) if unaligned(3) >> 63 else "")
    print("big.run", churn(2026, 4))
