#!/usr/bin/env python3
"""Where the AOT overhead on x86_64 comes from: instructions per unit of work
(callgrind, differenced between scale 1 and 3) of each benchmark's wasm2c C
compiled in four variants, each removing one more of wcap's safety checks:

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

The variants are run by the runtime engineer's check-cost harness
(tests/runtime/measure/harness.c) linked with the real runtime_lib.

  attribute.py --build-dir B [--source-dir S] [--programs a,b]
      -> bench/results/x86_64-posix-attribution.{md,json}
"""
import argparse
import datetime
import json
import pathlib
import re
import subprocess
import sys

import bench_build
import bench_report
import bench_run

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
                     "-I", temps, "-include", prelude, "-c", temps / "unit.c", "-o", obj])
    exe = temps / ("harness.%s" % tag.strip("-"))
    libs = [build_dir / "runtime_lib" / "libwcap_runtime.a", build_dir / "runtime_lib" / "libwcap_port_posix.a"]
    harness = root / "tests" / "runtime" / "measure" / "harness.c"
    bench_build.run(["clang-14", "-O2", "-w", "-I", root / "runtime_lib" / "include",
                     "-I", root / "loader" / "include", harness, obj, *libs, LIBM_STATIC, "-lrt", "-o", exe])
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


def markdown(rows, date):
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
    text = ["# x86_64 AOT overhead by source (instructions per unit of work)\n",
            "Generated by `bench/tools/attribute.py` on %s. Each column removes one more check from the "
            "wasm2c C that `wcap build` compiles; `-bounds` is unsafe and exists only to attribute cost. "
            "Method: callgrind, (count(3) - count(1)) / 2.\n" % date,
            bench_report._table(head, lines)]
    return "\n".join(text), gm


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=str(ROOT / "build"))
    ap.add_argument("--programs", default=",".join(bench_build.programs()))
    ap.add_argument("--source-dir", default=str(ROOT), help="source tree of the build dir (default: this repo)")
    args = ap.parse_args()
    tools = bench_run.Tools(args.build_dir)
    if tools.aot_missing():
        print("attribute.py: %s" % tools.aot_missing(), file=sys.stderr)
        return 1
    work = pathlib.Path(args.build_dir) / "bench"
    out = bench_build.BENCH / "results" / "x86_64-posix-attribution"
    # Programs not re-run keep their previous rows.
    old = {}
    if out.with_suffix(".json").exists():
        old = {r["name"]: r for r in json.loads(out.with_suffix(".json").read_text())["programs"]}
    for name in [p for p in args.programs.split(",") if p]:
        print("attributing %s" % name, flush=True)
        old[name] = attribute(name, tools, work, pathlib.Path(args.source_dir).resolve())
    rows = [old[n] for n in sorted(old)]
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text, gm = markdown(rows, date)
    out.with_suffix(".md").write_text(text)
    out.with_suffix(".json").write_text(json.dumps({"date": date, "programs": rows}, indent=1) + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
