#!/usr/bin/env python3
"""Where the AOT overhead comes from: instructions per unit of work of each
benchmark's wasm2c C compiled in variants, each removing one more of wcap's
safety checks:

  shipped     exactly what `wcap build` compiles (the AOT form)
  -stack      without the stack-limit check in every prologue (WCAP_FUNC_PROLOGUE)
  -bounds     also without linear-memory bounds checks (MEMCHECK and the merged
              WCAP_SPAN_CHECK / WCAP_CHECK_ONE): NOT SAFE, for attribution only

(Loop heads carry no check since the asynchronous preemption: there is no
loop-poll variant any more.)

What remains between "-bounds" and native is the cost of the Wasm
abstraction itself as wasm2c expresses it in C (shadow stack in linear memory,
globals and memory base/size in the instance struct, reloads after stores,
call_indirect type checks, 64-bit address arithmetic).

On x86_64 the variants are run by the runtime engineer's check-cost harness
(tests/runtime/measure/harness.c) linked with the real runtime_lib, counted
by callgrind (differenced between scale 1 and 3). On a board each variant is
a real blob (`wcap build` against a copy of the data directory whose
wasm-rt.h removes the check), run by the project firmware under QEMU
-icount shift=0 as bench/run.sh runs the AOT form (run_ms(k) - run_ms(1)).

  attribute.py --build-dir B [--source-dir S] [--programs a,b] [--targets t,...]
      -> bench/results/<target>-attribution.{md,json}   (default target x86_64-posix)
"""
import argparse
import datetime
import json
import pathlib
import re
import subprocess
import sys

import bench_boards
import bench_build
import bench_report
import bench_run
from benchctl import free_port

ROOT = bench_build.BENCH.parent  # --source-dir: the tree the build dir was built from
# The flags `wcap build -v` prints for x86_64-posix (host/compiler/targets.def + cc.c).
WCAP_CFLAGS = ["--target=x86_64-linux-gnu", "-fPIC", "-fno-plt", "-DNDEBUG", "-w",
               "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "-fno-stack-protector",
               "-fno-common", "-fno-exceptions", "-O2"]
NO_STACK = ["-DWCAP_FUNC_PROLOGUE="]
# The capsule's references are hidden (one image), so libm must be linked statically.
LIBM_STATIC = "/usr/lib/x86_64-linux-gnu/libm.a"
VARIANTS = [("shipped", [], False), ("-stack", NO_STACK, False), ("-bounds", NO_STACK, True)]

# Included instead of the generated prelude.h for the "-bounds" variant: the
# generated C picks MEMCHECK from this macro (wabt's guard-page mode).
UNSAFE_PRELUDE = """#include "wasm-rt.h"
#undef WASM_RT_MEMCHECK_SIGNAL_HANDLER
#define WASM_RT_MEMCHECK_SIGNAL_HANDLER 1
#undef WCAP_SPAN_CHECK
#define WCAP_SPAN_CHECK(mem, base, end)
#undef WCAP_CHECK_ONE
#define WCAP_CHECK_ONE(mem, addr, len)
#include "prelude.h"
"""


def build_variant(temps, tag, defs, unsafe, build_dir, root):
    obj = temps / ("unit.%s.o" % tag.strip("-"))
    prelude = temps / "prelude.h"
    if unsafe:
        prelude = temps / "prelude_unsafe.h"
        prelude.write_text(UNSAFE_PRELUDE)
    bench_build.run(["clang-14", *WCAP_CFLAGS, *defs, "-I", root / "runtime_lib" / "include",
                     "-I", root / "format" / "include",
                     "-I", temps, "-include", prelude, "-c", temps / "unit.c", "-o", obj])
    exe = temps / ("harness.%s" % tag.strip("-"))
    libs = [build_dir / "runtime_lib" / "libwcap_runtime.a", build_dir / "targets" / "posix" / "libwcap_port_posix.a"]
    harness = root / "tests" / "runtime" / "measure" / "harness.c"
    bench_build.run(["clang-14", "-O2", "-w", "-I", root / "runtime_lib" / "include",
                     "-I", root / "loader" / "include", "-I", root / "format" / "include", harness, obj, *libs, LIBM_STATIC, "-lrt", "-o", exe])
    return exe


def icount(exe, scale):
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", str(exe),
                        "run", "1", str(scale)], capture_output=True, text=True, timeout=1800)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if r.returncode != 0 or not m or r.stdout.strip().splitlines()[-1] != "0":
        raise bench_run.RunError("%s %d: failed (%s) %s" % (exe, scale, r.stdout.strip(), r.stderr[-300:]))
    return int(m.group(1))


def per_unit(exe):
    return (icount(exe, 3) - icount(exe, 1)) / 2


def attribute(name, tools, work, root):
    d = work / "x86_64-posix" / name
    prog = {"exe": bench_build.native_exe(d, name), "wasm": bench_build.wasm_module(d, name)}
    temps = d / "attrib"
    bench_build.run([tools.wcap, "build", prog["wasm"], "--target", "x86_64-posix", "--key", tools.key,
                     "-o", d / "attrib.wcap", "--keep-temps", temps])
    row = {"name": name, "native": bench_run.instructions_per_unit("native", prog, tools, 1, 3)}
    for tag, defs, unsafe in VARIANTS:
        row[tag] = per_unit(build_variant(temps, tag, defs, unsafe, tools.build_dir, root))
    return row


# Board variants: text put into a copy of wasm-rt.h, (after the include guard's
# #define, before its closing #endif). The first wins over the header's
# #ifndef; the second redefines the one predicate every bounds check uses.
BOARD_VARIANTS = [("shipped", "", ""),
                  ("-stack", "#define WCAP_FUNC_PROLOGUE\n", ""),
                  ("-bounds", "#define WCAP_FUNC_PROLOGUE\n",
                   "#undef WCAP_OOB\n#define WCAP_OOB(offset, len, size) 0\n")]


def variant_data_dir(tools, work, tag, head, tail):
    """A copy of the build's data directory whose wasm-rt.h carries head/tail."""
    import shutil
    src = pathlib.Path(tools.build_dir) / "share" / "wcap"
    dst = work / "attrib-datadir" / tag.strip("-")
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    hdr = dst / "runtime_lib" / "include" / "wasm-rt.h"
    text = hdr.read_text()
    guard, end = "#define WASM_RT_H_\n", "#endif /* WASM_RT_H_ */"
    if guard not in text or end not in text:
        raise bench_build.BuildError("%s: include guard not found" % hdr)
    text = text.replace(guard, guard + head, 1)
    cut = text.rindex(end)
    hdr.write_text(text[:cut] + tail + text[cut:])
    return dst


def attribute_board(target, names, tools, work, native_units):
    import os
    dirs = {tag: variant_data_dir(tools, work, tag, head, tail) for tag, head, tail in BOARD_VARIANTS}
    rows = []
    dev = bench_boards.BoardDevice(target, tools.build_dir, free_port(), work / ("attrib-%s.log" % target))
    try:
        for name in names:
            d = work / target / name
            wasm = bench_build.wasm_module(d, name, entry="entry_wasm_timed.c")
            row = {"name": name, "native": native_units[name]}
            for tag, _, _ in BOARD_VARIANTS:
                blob = d / ("attrib%s.wcap" % tag)
                bench_build.run([tools.wcap, "build", wasm, "--target", target, "--key", tools.key, "-o", blob,
                                 "--stack", str(bench_boards.AOT_STACK), "--time-ms", str(bench_boards.AOT_TIME_MS)],
                                env=dict(os.environ, WCAP_DATA_DIR=str(dirs[tag])))
                row[tag] = bench_boards.aot_instructions_per_unit(dev, tools, blob, row["native"])[0]
            print("  %s %s: %s" % (target, name, ", ".join("%s %.0f" % (t, row[t]) for t, _, _ in BOARD_VARIANTS)),
                  flush=True)
            rows.append(row)
    finally:
        dev.stop()
    return rows


METHODS = {"x86_64-posix": "callgrind, (count(3) - count(1)) / 2",
           "board": "QEMU -icount shift=0 (1 instruction = 1 ns), the firmware's AOT run of run_ms(k) minus run_ms(1), "
                    "as bench/run.sh measures the AOT form; native from the committed bench/results/%s.json"}


def markdown(rows, date, target="x86_64-posix"):
    head = ["program", "native", "shipped", "-stack check", "-bounds checks",
            "shipped/native", "-stack/native", "-bounds/native"]
    lines = []
    for r in rows:
        n = r["native"]
        lines.append([r["name"], bench_report.fmt_num(n)] +
                     [bench_report.fmt_num(r[t]) for t, _, _ in VARIANTS] +
                     [bench_report.fmt_ratio(r[t] / n) for t, _, _ in VARIANTS])
    gm = [bench_report.geomean(r[t] / r["native"] for r in rows) for t, _, _ in VARIANTS]
    lines.append(["**geomean**", "", "", "", ""] + [bench_report.fmt_ratio(g) for g in gm])
    method = METHODS.get(target) or METHODS["board"] % target
    title = "x86_64" if target == "x86_64-posix" else target
    text = ["# %s AOT overhead by source (instructions per unit of work)\n" % title,
            "Generated by `bench/tools/attribute.py` on %s. Each column removes one more check from the "
            "wasm2c C that `wcap build` compiles; `-bounds` is unsafe and exists only to attribute cost. "
            "Method: %s.\n" % (date, method),
            bench_report._table(head, lines)]
    return "\n".join(text), gm


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=str(ROOT / "build"))
    ap.add_argument("--programs", default=",".join(bench_build.programs()))
    ap.add_argument("--source-dir", default=str(ROOT), help="source tree of the build dir (default: this repo)")
    ap.add_argument("--targets", default="x86_64-posix", help="comma-separated: x86_64-posix and/or boards")
    args = ap.parse_args()
    tools = bench_run.Tools(args.build_dir)
    if tools.aot_missing():
        print("attribute.py: %s" % tools.aot_missing(), file=sys.stderr)
        return 1
    work = pathlib.Path(args.build_dir) / "bench"
    names = [p for p in args.programs.split(",") if p]
    for target in [t for t in args.targets.split(",") if t]:
        out = bench_build.BENCH / "results" / ("%s-attribution" % target)
        # Programs not re-run keep their previous rows.
        old = {}
        if out.with_suffix(".json").exists():
            old = {r["name"]: r for r in json.loads(out.with_suffix(".json").read_text())["programs"]}
        if target == "x86_64-posix":
            for name in names:
                print("attributing %s" % name, flush=True)
                old[name] = attribute(name, tools, work, pathlib.Path(args.source_dir).resolve())
        else:
            ref = json.loads((bench_build.BENCH / "results" / (target + ".json")).read_text())
            native = {p["name"]: p["native"] for p in ref["programs"] if p.get("native")}
            print("attributing on %s" % target, flush=True)
            for row in attribute_board(target, [n for n in names if n in native], tools, work, native):
                old[row["name"]] = row
        rows = [old[n] for n in sorted(old)]
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        text, gm = markdown(rows, date, target)
        out.with_suffix(".md").write_text(text)
        out.with_suffix(".json").write_text(json.dumps({"date": date, "programs": rows}, indent=1) + "\n")
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
