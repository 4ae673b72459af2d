#!/usr/bin/env python3
"""Figures in README.md and docs/*.md that come from the build, kept true.

    scripts/figures.py BUILD_DIR --check     exit 1 and list every figure the docs have wrong
    scripts/figures.py BUILD_DIR --update    rewrite them from the build
    scripts/figures.py BUILD_DIR --list      print every figure the build provides

A figure in a doc is marked where it stands, so the prose around it stays free:

    inline:  <!-- fig sizeof.wcap_dev_t.cortex-m4 -->3656<!-- /fig -->
    table:   <!-- figures fwsize.readme -->            (a line of its own)
             | target | ... |                         (generated)
             <!-- /figures -->

Sources (all from BUILD_DIR/targets/<board>/, the gcc -Os firmware builds):
    sizeof.<type>.<board>       targets/common/sizes.c compiled for the board (nm -S of its symbols)
    fw.<component>.<board>      flash / RAM of a component (targets/tools/fwsize.py on firmware.map)
    fw.total.<board>            flash / RAM of the firmware without the linker's alignment fill
    obj.<file>.<board>          flash / RAM the firmware links from one source file (e.g. obj.natives.c.cortex-m4)
    fwsize.readme, fwsize.porting   the per-board tables of README.md and docs/porting.md
Sources from the committed benchmark results (bench/results/<target>.json, written by bench/run.sh):
    bench.<target>.<ratio>      a geometric mean of bench_report.summary, e.g. bench.cortex-m4.interp_aot_instr
    bench.<target>.load16k_<part>  load cost of the 16 KB reference capsule (load_16k; total, signature,
                                other: millions of instructions; blob: bytes), where measured
    bench.summary               the speed table of README.md and docs/benchmarks.md
The docs.figures ctest runs --check.
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "targets", "tools"))
sys.path.insert(0, os.path.join(ROOT, "bench", "tools"))
import bench_report  # noqa: E402
import fwsize  # noqa: E402

BOARDS = ["cortex-m4", "cortex-m33", "rv32imac", "xtensa-lx106"]
NM = {"cortex-m4": "arm-none-eabi-nm", "cortex-m33": "arm-none-eabi-nm", "rv32imac": "riscv64-unknown-elf-nm",
      "xtensa-lx106": "xtensa-lx106-elf-nm"}
INLINE = re.compile(r"<!-- fig (\S+) -->(.*?)<!-- /fig -->")
BLOCK = re.compile(r"(<!-- figures (\S+) -->\n)(.*?)(<!-- /figures -->)", re.S)


def struct_sizes(build, board):
    objs = glob.glob(os.path.join(build, "targets", board, "CMakeFiles", "fw_sizes.dir", "**", "sizes.c.obj"),
                     recursive=True)
    if not objs:
        raise SystemExit("figures: no sizes.c object for %s (build the firmware first)" % board)
    out = subprocess.run([NM[board], "-S", objs[0]], capture_output=True, text=True, check=True).stdout
    sizes = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[3].startswith("wcap_size_"):
            sizes[f[3][len("wcap_size_"):]] = int(f[1], 16)
    return sizes


def firmware(build, board):
    with open(os.path.join(build, "targets", board, "firmware.map")) as f:
        return fwsize.parse(f.read())


def kb(n):
    return "%d KB" % (n // 1024)


LABELS = {"crypto": "crypto (mbedtls)", "protocol": "protocol (service, frames, nanopb)", "interp": "interpreter",
          "libc": "libc (picolibc)"}


# The linker's alignment fill ("padding", about 100 bytes) is left out of the
# figures: it moves by a few bytes with the order and paths of the objects, so
# it would differ between two checkouts of the same commit.
COLS = [c for c in fwsize.ORDER if c != "padding"]


def total(flash, ram):
    return sum(flash[c] for c in COLS), sum(ram[c] for c in COLS)


def tables(fw):
    """The README table (KB reserves) and docs/porting.md's (bytes)."""
    head = "| target | " + " | ".join(LABELS.get(c, c) for c in COLS)
    readme = [head + " | **total** | capsule arena / main stack |", "|---|" + "---|" * (len(COLS) + 2)]
    porting = [head + " | **total** | arena / main stack (RAM, reserved) |", "|---|" + "---|" * (len(COLS) + 2)]
    for b in BOARDS:
        flash, ram, reserved = fw[b]
        cells = " | ".join("%d / %d" % (flash[c], ram[c]) for c in COLS)
        tot = "**%d / %d**" % total(flash, ram)
        arena, stack = reserved.get("capsule arena", 0), reserved.get("main stack", 0)
        readme.append("| %s | %s | %s | %s / %s |" % (b, cells, tot, kb(arena), kb(stack)))
        porting.append("| %s | %s | %s | %d / %d |" % (b, cells, tot, arena, stack))
    return {"fwsize.readme": "\n".join(readme) + "\n", "fwsize.porting": "\n".join(porting) + "\n"}


BENCH_TARGETS = ["x86_64-posix"] + BOARDS
BENCH_ROWS = [("aot_native_instr", "AOT / native, instructions"),
              ("aot_native_cpu", "AOT / native, CPU time"),
              ("interp_native_instr", "wcap interpreter / native, instructions"),
              ("interp_aot_instr", "wcap interpreter / AOT, instructions"),
              ("wabt_aot_instr", "`wasm-interp` / AOT, instructions"),
              ("blob_native_text", "blob code / native `.text`")]


def bench():
    """Geomeans of the committed benchmark results, and the summary table."""
    import json
    values, sums, stacks = {}, {}, {}
    for t in BENCH_TARGETS:
        path = os.path.join(ROOT, "bench", "results", t + ".json")
        if not os.path.exists(path):
            continue
        doc = json.load(open(path))
        sums[t] = bench_report.summary(doc)
        peak = {p["name"]: (p.get("ram") or {}).get("aot_stack_peak") for p in doc["programs"]}
        stacks[t] = "%s / %s" % (peak.get("sha256", "-"), peak.get("recursion", "-"))
        for k, v in sums[t].items():
            if v is not None:
                values["bench.%s.%s" % (t, k)] = "%.2fx" % v
        for k, v in (doc.get("load_16k") or {}).items():
            if k in ("signature", "other", "total"):
                values["bench.%s.load16k_%s" % (t, k)] = "%.2f M" % (v / 1e6)
            elif k == "blob_bytes":
                values["bench.%s.load16k_blob" % t] = "%d B" % v
    # bench/tools/attribute.py: geomean AOT/native of each variant, per target.
    for path in sorted(glob.glob(os.path.join(ROOT, "bench", "results", "*-attribution.json"))):
        t = os.path.basename(path)[:-len("-attribution.json")]
        progs = json.load(open(path))["programs"]
        for v in ("shipped", "-stack", "-bounds"):
            values["attrib.%s.%s" % (t, v.strip("-"))] = "%.2fx" % bench_report.geomean(
                r[v] / r["native"] for r in progs)
    fmt = lambda v: "-" if v is None else ("%.0fx" % v if v >= 100 else "%.2fx" % v)  # noqa: E731
    rows = ["| geomean of 14 programs | " + " | ".join(sums) + " |", "|---|" + "---|" * len(sums)]
    for key, label in BENCH_ROWS:
        rows.append("| %s | %s |" % (label, " | ".join(fmt(sums[t].get(key)) for t in sums)))
    rows.append("| AOT peak native stack, sha256 / recursion (bytes, by painting) | %s |" %
                " | ".join(stacks[t] for t in sums))
    return values, {"bench.summary": "\n".join(rows) + "\n"}


def figures(build):
    values, fw = {}, {}
    for b in BOARDS:
        for t, n in struct_sizes(build, b).items():
            values["sizeof.%s.%s" % (t, b)] = str(n)
        fw[b] = firmware(build, b)
        flash, ram, _ = fw[b]
        for c in COLS:
            values["fw.%s.%s" % (c, b)] = "%d / %d" % (flash[c], ram[c])
        values["fw.total.%s" % b] = "%d / %d" % total(flash, ram)
        with open(os.path.join(build, "targets", b, "firmware.map")) as f:
            oflash, oram, _ = fwsize.parse(f.read(), fwsize.source_file)
        for o in oflash:
            if o not in fwsize.ORDER:
                values["obj.%s.%s" % (o, b)] = "%d / %d" % (oflash[o], oram[o])
    bvalues, bblocks = bench()
    values.update(bvalues)
    return values, dict(tables(fw), **bblocks)


def docs():
    return [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("--check", "--update", "--list"):
        sys.exit(__doc__)
    values, blocks = figures(sys.argv[1])
    if sys.argv[2] == "--list":
        for k in sorted(values):
            print("%-40s %s" % (k, values[k]))
        for k in sorted(blocks):
            print("%s:\n%s" % (k, blocks[k]))
        return
    wrong, seen = [], 0
    for path in docs():
        with open(path) as f:
            text = f.read()

        def inline(m):
            nonlocal seen
            seen += 1
            want = values.get(m.group(1))
            if want is None:
                wrong.append("%s: unknown figure %s" % (os.path.relpath(path, ROOT), m.group(1)))
                return m.group(0)
            if m.group(2) != want:
                wrong.append("%s: %s is %s in the doc, %s in the build" % (os.path.relpath(path, ROOT), m.group(1),
                                                                       m.group(2), want))
            return "<!-- fig %s -->%s<!-- /fig -->" % (m.group(1), want)

        def block(m):
            nonlocal seen
            seen += 1
            want = blocks.get(m.group(2))
            if want is None:
                wrong.append("%s: unknown table %s" % (os.path.relpath(path, ROOT), m.group(2)))
                return m.group(0)
            if m.group(3) != want:
                wrong.append("%s: table %s differs from the build" % (os.path.relpath(path, ROOT), m.group(2)))
            return m.group(1) + want + m.group(4)

        new = BLOCK.sub(block, INLINE.sub(inline, text))
        if sys.argv[2] == "--update" and new != text:
            with open(path, "w") as f:
                f.write(new)
    if sys.argv[2] == "--check":
        for w in wrong:
            print(w)
        print("%d figures checked, %d wrong%s" % (seen, len(wrong),
                                                 " (scripts/figures.py BUILD --update rewrites them)" if wrong else ""))
        sys.exit(1 if wrong else 0)
    print("%d figures, %d updated" % (seen, len(wrong)))


if __name__ == "__main__":
    main()
