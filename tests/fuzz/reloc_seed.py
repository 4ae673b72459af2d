#!/usr/bin/env python3
"""Writes a fuzz_reloc seed from a real blob (make_seeds.sh).

usage: reloc_seed.py BLOB INSPECT_JSON TARGET_INDEX IMAGE_ADDR IMPORT_ADDR OUT
The seed is the blob's image and relocation table behind fuzz_reloc's header:
[target][n_imports][image_size u16][image address u32][n_imports addresses u32]
[image][table]; import i sits at IMPORT_ADDR + 64*i.
"""
import json
import struct
import sys


def main() -> int:
    blob = open(sys.argv[1], "rb").read()
    m = json.load(open(sys.argv[2]))
    target, image_addr, import_addr = int(sys.argv[3]), int(sys.argv[4], 0), int(sys.argv[5], 0)
    n = m["n_imports"]
    payload = blob[16 + m["manifest_len"] + 72:]
    image = payload[:m["image_size"]]
    table = payload[m["image_size"] + 2 * n:]
    assert len(table) == m["reloc_bytes"] and n <= 32 and len(image) < 65536
    head = struct.pack("<BBHI", target, n, len(image), image_addr)
    imports = b"".join(struct.pack("<I", import_addr + 64 * i) for i in range(n))
    open(sys.argv[6], "wb").write(head + imports + image + table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
