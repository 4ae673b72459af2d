#!/usr/bin/env python3
"""Flash and RAM of a board firmware by component, from its GNU ld map file.

    targets/tools/fwsize.py build/targets/cortex-m4/firmware.map [--markdown NAME]

Every input section placed by the linker is attributed to one component by the
file it came from (the firmware's static libraries are one per component):

    loader    libfw_loader.a           runtime   libfw_runtime.a
    crypto    libfw_crypto.a (mbedtls) protocol  libfw_protocol.a (device service, frames, nanopb)
    network   libfw_net.a (lwIP, Ethernet driver, CoAP server; WCAP_FW_NET boards)
    board     the firmware's own objects (startup, drivers, port, main, keys)
    libc      picolibc libc.a/libm.a   libgcc    compiler run-time helpers

Flash = .text (code + read-only data) + .ARM.exidx + the load image of .data/.tdata.
RAM   = .data + .tdata + .bss + .tbss, plus, listed apart, the capsule arena
        (.capsule_ram), the heap and the main stack.
Gaps (*fill*) are counted under "padding".
"""
import re
import sys

FLASH_SECTIONS = {".text", ".ARM.exidx"}
DATA_SECTIONS = {".data", ".tdata"}          # in RAM, and their image in flash
BSS_SECTIONS = {".bss", ".tbss"}
RESERVED = {".capsule_ram": "capsule arena", ".heap": "heap", ".stack": "main stack"}

COMPONENTS = [
    (re.compile(r"libfw_loader\.a"), "loader"),
    (re.compile(r"libfw_runtime\.a"), "runtime"),
    (re.compile(r"libfw_interp\.a"), "interp"),
    (re.compile(r"libfw_crypto\.a"), "crypto"),
    (re.compile(r"libfw_protocol\.a"), "protocol"),
    (re.compile(r"libfw_net\.a"), "network"),
    (re.compile(r"lib(c|m)\.a"), "libc"),
    (re.compile(r"libgcc\.a"), "libgcc"),
    (re.compile(r"\.obj$|\.o$"), "board"),
]
ORDER = ["loader", "runtime", "interp", "crypto", "protocol", "network", "board", "libc", "libgcc", "padding"]

OUT_SECTION = re.compile(r"^(\.[A-Za-z0-9_.]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)")
OUT_SECTION_NAME_ONLY = re.compile(r"^(\.[A-Za-z0-9_.]+)\s*$")
IN_SECTION = re.compile(r"^ (\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$")
FILL = re.compile(r"^ \*fill\*\s+0x[0-9a-f]+\s+0x([0-9a-f]+)")


def component(path):
    for pattern, name in COMPONENTS:
        if pattern.search(path):
            return name
    return "board"


def source_file(path):
    """The source file an input section came from: "libfw_runtime.a(natives.c.obj)" -> "natives.c"."""
    m = re.search(r"([^/()]+?)\.(obj|o)\)?$", path)
    return m.group(1) if m else path


def parse(map_text, classify=component):
    """(flash, ram, reserved) by component, or by whatever classify(path) names."""
    from collections import defaultdict
    flash = defaultdict(int, {c: 0 for c in ORDER})
    ram = defaultdict(int, {c: 0 for c in ORDER})
    reserved = {}
    lines = map_text.split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("Linker script and memory map"))
    section = None
    pending_name = None
    for line in lines[start:]:
        m = OUT_SECTION.match(line)
        if m:
            section = m.group(1)
            if section in RESERVED:
                reserved[RESERVED[section]] = int(m.group(2), 16)
            continue
        m = OUT_SECTION_NAME_ONLY.match(line)
        if m and not line.startswith(" "):
            section = m.group(1)
            continue
        if section is None or section in RESERVED:
            continue
        m = FILL.match(line)
        if m:
            size, comp = int(m.group(1), 16), "padding"
        else:
            if re.match(r"^ \S+\s*$", line):   # input section name alone; numbers follow
                pending_name = line.strip()
                continue
            m = IN_SECTION.match(line)
            if not m or not m.group(4) or m.group(4).startswith("0x"):
                continue
            size, comp = int(m.group(3), 16), classify(m.group(4))
            pending_name = None
        if size == 0:
            continue
        if section in FLASH_SECTIONS:
            flash[comp] += size
        elif section in DATA_SECTIONS:
            flash[comp] += size
            ram[comp] += size
        elif section in BSS_SECTIONS:
            ram[comp] += size
    return flash, ram, reserved


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: fwsize.py FIRMWARE.map [--markdown NAME]")
    with open(sys.argv[1]) as f:
        flash, ram, reserved = parse(f.read())
    name = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--markdown" else None
    total_f, total_r = sum(flash.values()), sum(ram.values())
    if name:
        print(f"| {name} | " + " | ".join(f"{flash[c]} / {ram[c]}" for c in ORDER)
              + f" | **{total_f} / {total_r}** | "
              + " / ".join(str(reserved.get(k, 0)) for k in ("capsule arena", "main stack")) + " |")
        return
    print(f"{'component':<10} {'flash':>8} {'ram':>8}")
    for c in ORDER:
        print(f"{c:<10} {flash[c]:>8} {ram[c]:>8}")
    print(f"{'total':<10} {total_f:>8} {total_r:>8}")
    for k, v in reserved.items():
        print(f"{k:<14} {v:>8} (RAM, reserved)")


if __name__ == "__main__":
    main()
