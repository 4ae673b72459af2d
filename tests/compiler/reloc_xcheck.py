#!/usr/bin/env python3
"""compiler.reloc_xcheck.<target>: cross-checks the packer against a real linker.

For each test module: `wcap build --keep-temps` gives the blob and the object
the compiler produced. ld.lld-14 (xtensa-lx106: GNU ld of binutils-xtensa-lx106,
without relaxation) links that object with a linker script that mirrors
the packer's layout (text, read-only, writable, bss; each section in file order)
at a base address, with every import defined at a chosen address. A simulated
device load of the blob (copy the image, apply every relocation record of
docs/blob-format.md) at the same base with the same import addresses must give
the same bytes as the linker's output.

usage: reloc_xcheck.py --wcap BIN --wasm DIR --target T
"""
import argparse
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

BASE = 0x10000000
IMPORT_BASE = BASE + 0x00100000  # within Thumb BL and x86 PC32 range of the image
SYM_IMAGE = 0xFFFF


def run(*argv):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(argv)}: exit {p.returncode}\n{p.stdout}{p.stderr}")
    return p.stdout


def section_flags(obj):
    """(name, flags) of every section of obj."""
    out = []
    for line in run("llvm-readelf-14", "-S", "-W", obj).splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+(\S*)"
                     r"\s+\d+\s+\d+\s+\d+", line)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def sections(obj):
    """Allocatable sections grouped and laid out like host/compiler/pack.c does:
    text, read-only, writable, bss; each section at its own alignment, in file order."""
    groups = {"text": [], "rodata": [], "data": [], "bss": []}
    for line in run("llvm-readelf-14", "-S", "-W", obj).splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*)"
                     r"\s+\d+\s+\d+\s+(\d+)", line)
        if not m:
            continue
        name, typ, size, flags, align = m.group(1), m.group(2), int(m.group(3), 16), m.group(4), int(m.group(5))
        if "A" not in flags or size == 0:
            continue
        g = "bss" if typ == "NOBITS" else "text" if "X" in flags else "data" if "W" in flags else "rodata"
        groups[g].append((name, size, max(align, 1)))
    layout, off = [], 0
    for g in ("text", "rodata", "data", "bss"):
        for name, size, align in groups[g]:
            off = (off + align - 1) & ~(align - 1)
            layout.append((g, name, off, size))
            off += size
    return layout


def linker_script(layout, gnu):
    """Every section at the packer's offset: one output section for the image, one for bss.
    (GNU ld takes `. =` inside an output section relative to its start, ld.lld as an address.)"""
    out = [f"SECTIONS {{\n  .wimage {BASE:#x} : {{"]
    for g, name, off, _ in layout:
        if g != "bss":
            out.append(f"    . = {(0 if gnu else BASE) + off:#x}; *capsule.o({name})")
    out.append("  }")
    bss = [(name, off) for g, name, off, _ in layout if g == "bss"]
    if bss:
        out.append(f"  .wbss {BASE + bss[0][1]:#x} (NOLOAD) : {{")
        out += [f"    . = {(off - bss[0][1]) if gnu else BASE + off:#x}; *capsule.o({name})" for name, off in bss]
        out.append("  }")
    out.append(f"  .wimports {IMPORT_BASE:#x} : {{ *(.wimports) }}")
    out.append("}")
    return "\n".join(out) + "\n"


CLANG_TARGET = {"x86_64-posix": ["--target=x86_64-linux-gnu"],
                "cortex-m4": ["--target=thumbv7em-none-eabihf", "-mcpu=cortex-m4"],
                "cortex-m33": ["--target=thumbv8m.main-none-eabihf", "-mcpu=cortex-m33"],
                "rv32imac": ["--target=riscv32-unknown-elf", "-march=rv32imac", "-mabi=ilp32"]}


# Xtensa: Debian's LLVM has no Xtensa back end; GNU binutils for the LX106
# instead (--no-relax: the packer keeps every instruction where it is).
XTENSA = "xtensa-lx106"
XT = "xtensa-lx106-elf-"


def import_stubs(temps, imports, target):
    """An object defining every import as a 16-byte function in section .wimports (at IMPORT_BASE):
    real, non-preemptible functions, so the linker relaxes GOT references to them as the packer does."""
    arm = target.startswith("cortex")
    lines = ['.syntax unified', '.thumb'] if arm else []
    lines.append('.section .wimports,"ax",%progbits')
    for imp in imports:
        lines += [f".globl {imp['name']}", ".p2align 4", f".type {imp['name']},%function"]
        lines += [".thumb_func"] if arm else []
        lines += [f"{imp['name']}:", ".skip 16"]
    src = os.path.join(temps, "imports.s")
    open(src, "w").write("\n".join(lines) + "\n")
    obj = os.path.join(temps, "imports.o")
    if target == XTENSA:
        run(XT + "as", src, "-o", obj)
        return obj
    run("clang-14", *CLANG_TARGET[target], *(["-mno-relax"] if target == "rv32imac" else []), "-c", "-x", "assembler",
        src, "-o", obj)
    return obj


def import_address(i, arm):
    return IMPORT_BASE + 16 * i + (1 if arm else 0)  # Arm: Thumb functions have bit 0 set


def thm_decode(hi, lo):
    s, j1, j2 = (hi >> 10) & 1, (lo >> 13) & 1, (lo >> 11) & 1
    i1, i2 = 1 - (j1 ^ s), 1 - (j2 ^ s)
    imm = (s << 24) | (i1 << 23) | (i2 << 22) | ((hi & 0x3FF) << 12) | ((lo & 0x7FF) << 1)
    return imm - (1 << 25) if s else imm


def thm_encode(hi, lo, off):
    v = off & 0x1FFFFFF
    s, i1, i2 = (v >> 24) & 1, (v >> 23) & 1, (v >> 22) & 1
    j1, j2 = (1 - i1) ^ s, (1 - i2) ^ s
    return ((hi & 0xF800) | (s << 10) | ((v >> 12) & 0x3FF),
            (lo & 0xD000) | (j1 << 13) | (j2 << 11) | ((v >> 1) & 0x7FF))


def leb128(tab, pos):
    """One LEB128 (<= 5 bytes, 32 bits, canonical) -> (value, next position)."""
    v = 0
    for i in range(5):
        b = tab[pos + i]
        if i == 4 and b > 0x0F or i > 0 and b == 0:
            raise SystemExit(f"FAIL: bad LEB128 at relocation table byte {pos}")
        v |= (b & 0x7F) << (7 * i)
        if not b & 0x80:
            return v, pos + i + 1


def decode_relocs(tab, n_rel):
    """The compact relocation table (docs/blob-format.md), decoded independently of the C codec."""
    out, pos, prev = [], 0, 0
    while pos < len(tab):
        head, pos = tab[pos], pos + 1
        if head >> 5:  # short step: 2..14 bytes forward
            prev = (prev + 2 * (head >> 5)) & 0xFFFFFFFF
        else:
            z, pos = leb128(tab, pos)
            prev = (prev + ((z >> 1) ^ -(z & 1))) & 0xFFFFFFFF
        sym = SYM_IMAGE
        if not head & 0x10:
            sym, pos = leb128(tab, pos)
        out.append((prev, head & 0x0F, sym))
    if len(out) != n_rel:
        raise SystemExit(f"FAIL: relocation table holds {len(out)} records, manifest says {n_rel}")
    return out


def device_load(blob, info, arm):
    """The loader's job per docs/blob-format.md, in Python."""
    pl = blob[-info["payload_len"]:]
    n_img, n_imp, n_rel = info["image_size"], info["n_imports"], info["n_relocs"]
    img = bytearray(pl[:n_img])
    rel_at = n_img + 2 * n_imp
    last_hi = None
    for off, kind, sym in decode_relocs(pl[rel_at:rel_at + info["reloc_bytes"]], n_rel):
        S = BASE if sym == SYM_IMAGE else import_address(sym, arm)
        P = BASE + off
        if kind == 1:    # ABS32
            struct.pack_into("<I", img, off, (S + struct.unpack_from("<I", img, off)[0]) & 0xFFFFFFFF)
        elif kind == 2:  # ABS64
            struct.pack_into("<Q", img, off, (S + struct.unpack_from("<Q", img, off)[0]) & (2**64 - 1))
        elif kind == 3:  # X86_PC32
            v = S + struct.unpack_from("<i", img, off)[0] - P
            assert -2**31 <= v < 2**31
            struct.pack_into("<i", img, off, v)
        elif kind == 4:  # THM_CALL
            hi, lo = struct.unpack_from("<HH", img, off)
            hi, lo = thm_encode(hi, lo, (S & ~1) + thm_decode(hi, lo) - P)
            struct.pack_into("<HH", img, off, hi, lo)
        elif kind in (5, 6):  # RV_CALL, RV_PCREL_HI20
            v = (S - P) & 0xFFFFFFFF
            hi20 = (v + 0x800) & 0xFFFFF000
            lo12 = (v - hi20) & 0xFFF
            a = struct.unpack_from("<I", img, off)[0]
            struct.pack_into("<I", img, off, a | hi20)
            if kind == 5:
                j = struct.unpack_from("<I", img, off + 4)[0]
                struct.pack_into("<I", img, off + 4, j | (lo12 << 20))
            last_hi = lo12
        elif kind == 7:  # RV_PCREL_LO12_I
            a = struct.unpack_from("<I", img, off)[0]
            struct.pack_into("<I", img, off, a | (last_hi << 20))
        elif kind == 8:  # RV_PCREL_LO12_S
            a = struct.unpack_from("<I", img, off)[0]
            struct.pack_into("<I", img, off, a | ((last_hi & 0xFE0) << 20) | ((last_hi & 0x1F) << 7))
        else:
            raise SystemExit(f"FAIL: relocation kind {kind}")
    return img


def check_module(args, work, module, opt):
    temps = os.path.join(work, f"{module}{opt}-{args.target}")
    blob_path = temps + ".wcap"
    run(args.wcap, "build", os.path.join(args.wasm, module + ".wasm"), "--target", args.target, "--key", args.key,
        "-o", blob_path, "--keep-temps", temps, opt)
    info = json.loads(run(args.wcap, "inspect", blob_path, "--json"))
    blob = open(blob_path, "rb").read()
    info["payload_len"] = struct.unpack_from("<I", blob, 8)[0]
    arm = args.target.startswith("cortex")
    obj = os.path.join(temps, "capsule.o")
    script = os.path.join(temps, "layout.ld")
    layout = sections(obj)
    open(script, "w").write(linker_script(layout, args.target == XTENSA))
    stubs = import_stubs(temps, info["imports"], args.target)
    elf = os.path.join(temps, "linked.elf")
    xt = args.target == XTENSA
    if xt:
        # GNU ld tail-merges strings of SHF_MERGE sections (":" into "i:"), the
        # packer keeps each section as it is: link a copy without the merge flag.
        merged = [name for name, flags in section_flags(obj) if "M" in flags and "A" in flags]
        if merged:
            os.makedirs(os.path.join(temps, "nomerge"), exist_ok=True)
            plain = os.path.join(temps, "nomerge", "capsule.o")  # the script names *capsule.o
            sets = [a for name in merged for a in ("--set-section-flags", f"{name}=alloc,readonly,data,contents")]
            run(XT + "objcopy", *sets, obj, plain)
            obj = plain
        run(XT + "ld", "--no-relax", "-T", script, "-e", "wcap_capsule_info", obj, stubs, "-o", elf)
    else:
        run("ld.lld-14", "-O0", "-T", script, "-e", "wcap_capsule_info", obj, stubs, "-o", elf)
    flat = os.path.join(temps, "linked.bin")
    run(XT + "objcopy" if xt else "llvm-objcopy-14", "-O", "binary", "--only-section=.wimage", elf, flat)
    ref = open(flat, "rb").read()
    mine = device_load(blob, info, arm)
    nm = run(XT + "nm" if xt else "llvm-nm-14", elf)
    entry = int(re.search(r"^([0-9a-f]+) \S wcap_capsule_info$", nm, re.M).group(1), 16)
    if entry != BASE + info["entry"]:
        raise SystemExit(f"FAIL: {module}: entry {info['entry']:#x}, linker put the descriptor at {entry - BASE:#x}")
    if len(ref) != info["image_size"]:
        raise SystemExit(f"FAIL: {module}: image {info['image_size']} bytes, linker {len(ref)}")
    # compare the sections' bytes (the linker may fill the gaps between them with trap instructions)
    diff = [i for g, _, off, size in layout if g != "bss" for i in range(off, off + size) if ref[i] != mine[i]]
    if diff:
        raise SystemExit(f"FAIL: {module}: {len(diff)} bytes differ from the linker's output, first at image "
                         f"offset {diff[0]:#x}")
    print(f"{module} {opt} {args.target}: {len(ref)} image bytes identical to {XT + 'ld' if xt else 'ld.lld-14'} "
          f"({info['n_relocs']} relocation records {info['relocs']}, {info['n_imports']} imports)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcap", required=True)
    ap.add_argument("--wasm", required=True)
    ap.add_argument("--target", required=True)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wcap-xcheck-") as work:
        run(args.wcap, "keygen", "--out", os.path.join(work, "k"))
        args.key = os.path.join(work, "k.key")
        for module, opt in (("numeric", "-O2"), ("hostapi", "-O2"), ("smallmem", "-O2"), ("numeric", "-O0"),
                            ("hostapi", "-O0"), ("hostapi", "-Os"), ("importref", "-O2"),
                            ("importref", "-O0")):
            check_module(args, work, module, opt)
    print("PASS")


if __name__ == "__main__":
    main()
