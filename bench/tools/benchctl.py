#!/usr/bin/env python3
"""The benchmark driver (bench/run.sh calls it).

  benchctl.py quick   --build-dir B [--programs a,b] [--targets t,...] [--sabotage]
      correctness: build every program, run each available form once at a
      small scale, fail (exit 1) if any self-check fails or a form errors.
      --sabotage builds with a check that always fails and succeeds only if
      every form reports that failure (a test of the harness itself).
  benchctl.py measure --build-dir B [--programs a,b] [--targets t,...] [--no-interp-icount]
      full measurement; writes bench/results/<target>.json, .md and .svg.

Forms that cannot run here (e.g. AOT before `wcap-exec` is built) are
reported as unavailable, never estimated.
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import subprocess
import sys

import bench_boards
import bench_load
import bench_build
import bench_report
import bench_run

RESULTS = bench_build.BENCH / "results"
HOST_TARGET = "x86_64-posix"
QUICK_SCALE = 2
HOST_METHOD = {
    "instructions": "valgrind --tool=callgrind, (count(s2)-count(s1))/(s2-s1); "
                    "native and aot s=1,3; interp and wabt s=1,2",
    "wall": "5 interleaved process run pairs at scale 1 and scale k (k: about 0.3 s of "
            "work), median of (t(k)-t(1))/(k-1)",
    "native": "clang-14 -O2, same C, mini_libc for memcpy/memset",
    "aot": "wcap build --target x86_64-posix, run by wcap-exec (bounds-checked)",
    "interp": "wcap's interpreter: wcap build --engine interp, run by wcap-exec (the same loader and runtime)",
    "wabt": "wabt wasm-interp 1.0.32 (the reference interpreter)",
    "node": "Node.js WebAssembly (V8), wall time only",
    "aot_stack_peak": "wcap-exec --stack-peak, export run at scale 1: runtime_lib paints the call's "
                      "stack budget below its SP and finds the deepest overwritten word",
    "load": "callgrind over wcap-exec (posix port loader + runtime), inclusive instructions of "
            "wcap_ldr_begin/feed/finish; signature = wcap_ldr_verify_signature (ECDSA P-256, the "
            "host's libmbedcrypto), other = header, manifest, copy, SHA-256, link, relocate, init"}
UNIT_INSTR = "instructions per unit of work (callgrind, differenced between two scales)"


def log(msg):
    print(msg, flush=True)


def build_program(name, target, tools, work, extra_cflags=()):
    """Builds every form of `name` that `target` can run; returns the artefacts."""
    out = work / target / name
    prog = {"name": name, "dir": out}
    prog["exe"] = bench_build.native_exe(out, name, extra_cflags)
    prog["wasm"] = bench_build.wasm_module(out, name, extra_cflags)
    why = tools.aot_missing()
    prog["aot_missing"] = why
    if why is None:
        prog["blob"] = bench_build.aot_blob(out, name, prog["wasm"], tools, target)
        prog["iblob"] = bench_build.interp_blob(out, name, prog["wasm"], tools)
    return prog


def host_forms(tools, prog):
    forms = ["native"]
    if prog.get("blob"):
        forms.append("aot")
    if prog.get("iblob"):
        forms.append("interp")
    if tools.wasm_interp:
        forms.append("wabt")
    if tools.node:
        forms.append("node")
    return forms


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def board_aot_missing(tools, target):
    """None when the AOT form can run on the board's firmware, else why not."""
    why = tools.aot_missing()
    if why:
        return why
    fw = tools.build_dir / "targets" / target / "firmware.elf"
    return None if fw.exists() else "%s not built" % fw


def start_board(tools, target, work):
    (work / target).mkdir(parents=True, exist_ok=True)
    dev = bench_boards.BoardDevice(target, tools.build_dir, free_port(), work / target / "qemu-uart.log")
    log("  %s" % dev.banner)
    return dev


def quick_board(args, target, work, tools=None):
    """Board targets: the native form on QEMU, then the AOT and the interpreted
    blob of each program on the project firmware (self-checks only)."""
    failed = []
    for name in args.programs:
        try:
            elf, _ = bench_boards.board_elf(work / target / name, name, target, tools.build_dir)
            res = bench_boards.run_native(elf, target)
        except (bench_build.BuildError, OSError, subprocess.TimeoutExpired) as e:
            log("FAIL %s/%s native: %s" % (target, name, e))
            failed.append(name)
            continue
        ok = res["results"] == (0, 0)
        log("%-4s %s/%s native: results %s, %d instructions/unit" % (
            "ok" if ok else "FAIL", target, name, res["results"], res["unit_instructions"]))
        if not ok:
            failed.append(name)
    why = board_aot_missing(tools, target)
    if why:
        log("  %s: aot form unavailable (%s)" % (target, why))
    else:
        dev = start_board(tools, target, work)
        try:
            for name in args.programs:
                try:
                    blob = bench_boards.aot_blob_timed(work / target / name, name, tools, target)
                    ms = dev.run_ms(tools.wcap, blob, QUICK_SCALE)
                    log("ok   %s/%s aot: self-check passed (%d virtual ms)" % (target, name, ms))
                    peak = dev.stack_peak(tools.wcap, blob, 1)
                    log("ok   %s/%s aot stack peak: %s" % (target, name, "%d bytes" % peak if peak is not None
                                                           else "not measured by this firmware"))
                except (bench_build.BuildError, OSError, subprocess.TimeoutExpired) as e:
                    log("FAIL %s/%s aot: %s" % (target, name, e))
                    failed.append(name + "/aot")
                try:
                    blob = bench_boards.interp_blob_timed(work / target / name, name, tools)
                    ms = dev.run_ms(tools.wcap, blob, QUICK_SCALE)
                    log("ok   %s/%s interp: self-check passed (%d virtual ms)" % (target, name, ms))
                except (bench_build.BuildError, OSError, subprocess.TimeoutExpired) as e:
                    log("FAIL %s/%s interp: %s" % (target, name, e))
                    failed.append(name + "/interp")
        finally:
            dev.stop()
    if failed:
        log("quick %s: %d failure(s): %s" % (target, len(failed), " ".join(failed)))
        return 1
    log("quick %s: all self-checks passed" % target)
    return 0


def quick(args, tools, work):
    failed, errors, ran = [], [], 0
    cflags = ["-DBENCH_SABOTAGE=1"] if args.sabotage else []
    if args.sabotage:
        work = work / "sabotage"  # never overwrite the real builds
    for name in args.programs:
        try:
            prog = build_program(name, HOST_TARGET, tools, work, cflags)
        except bench_build.BuildError as e:
            log("FAIL %s: build: %s" % (name, e))
            errors.append(name)
            continue
        if prog["aot_missing"]:
            log("  %s: aot form unavailable (%s)" % (name, prog["aot_missing"]))
        for form in host_forms(tools, prog):
            try:
                result, dt = bench_run.run_once(form, prog, QUICK_SCALE, tools)
            except (bench_run.RunError, bench_build.BuildError, OSError) as e:
                log("FAIL %s/%s: %s" % (name, form, e))
                errors.append("%s/%s" % (name, form))
                continue
            ran += 1
            log("%-4s %s/%s scale %d: result %d (%.2f s)" % (
                "ok" if result == 0 else "FAIL", name, form, QUICK_SCALE, result, dt))
            if result != 0:
                failed.append("%s/%s" % (name, form))
            elif form == "aot" and not args.sabotage:
                try:
                    log("ok   %s/aot stack peak: %d bytes" % (name, bench_run.aot_stack_peak(prog, tools,
                                                                                          QUICK_SCALE)))
                except (bench_run.RunError, OSError) as e:
                    log("FAIL %s/aot stack peak: %s" % (name, e))
                    errors.append("%s/aot-stack" % name)
    if args.sabotage:
        # Every form must have run and reported its (deliberately) failed check.
        if errors or len(failed) != ran:
            log("quick --sabotage: %d run(s), %d detected failure(s), %d error(s): the harness "
                "does not detect failed self-checks" % (ran, len(failed), len(errors)))
            return 1
        log("quick --sabotage: all %d failed self-checks detected" % ran)
        return 0
    if failed or errors:
        log("quick: %d failure(s): %s" % (len(failed) + len(errors), " ".join(failed + errors)))
        return 1
    log("quick: all self-checks passed")
    return 0


def inspect_blob(tools, blob):
    r = subprocess.run([str(tools.wcap), "inspect", str(blob), "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        raise bench_run.RunError("wcap inspect failed: %s" % r.stderr.strip())
    return json.loads(r.stdout)


def measure_program(name, tools, work, args):
    prog = build_program(name, HOST_TARGET, tools, work)
    forms = host_forms(tools, prog)
    rec = {"name": name, "unit": UNIT_INSTR, "native": None, "aot": None, "interp": None, "wabt": None}
    for form in forms:
        result, _ = bench_run.run_once(form, prog, QUICK_SCALE, tools)
        if result != 0:
            raise bench_run.RunError("%s/%s self-check failed (result %d)" % (name, form, result))
    log("  %s: instructions" % name)
    rec["native"] = bench_run.instructions_per_unit("native", prog, tools, 1, 3)
    if "aot" in forms:
        rec["aot"] = bench_run.instructions_per_unit("aot", prog, tools, 1, 3)
    if "interp" in forms:
        rec["interp"] = bench_run.instructions_per_unit("interp", prog, tools, 1, 2)
    if "wabt" in forms and not args.no_interp_icount:
        rec["wabt"] = bench_run.instructions_per_unit("wabt", prog, tools, 1, 2)
    log("  %s: wall time" % name)
    wall = {"unit": "ns per unit of work (median of 5 interleaved run pairs, differenced)"}
    cpu = {"unit": "CPU ns (user+sys) per unit of work, same runs as wall"}
    for form in ("native", "aot", "interp", "wabt", "node"):
        if form in forms:
            wall[form], cpu[form], wall[form + "_scale"] = bench_run.wall_ns_per_unit(form, prog, tools)
        else:
            wall[form] = cpu[form] = None
    rec["wall"] = wall
    rec["cpu"] = cpu
    native_objs = sorted((prog["dir"] / "native").glob("*.o"))
    native_objs = [o for o in native_objs if o.name != "main_native.o"]
    size = {"unit": "bytes",
            "native_text": bench_build.text_size(native_objs),
            "wasm_file": prog["wasm"].stat().st_size,
            "wasm_code": bench_build.wasm_code_size(prog["wasm"]),
            "blob_text": None, "blob_image": None, "blob_file": None}
    ram = {"unit": "bytes", "native_stack_peak": bench_run.native_stack_peak(prog),
           "aot_stack_peak": None, "linear_memory": 65536, "instance": None}
    if prog.get("blob"):
        ram["aot_stack_peak"] = bench_run.aot_stack_peak(prog, tools)
        info = inspect_blob(tools, prog["blob"])
        man = info.get("manifest", info)
        size["blob_text"] = man.get("text_size")
        size["blob_image"] = man.get("image_size")
        size["blob_file"] = prog["blob"].stat().st_size
        ram["linear_memory"] = man.get("mem_max", ram["linear_memory"])
        ram["instance"] = man.get("instance_size")
        log("  %s: load cost" % name)
        rec["load"] = bench_load.host_load_cost(tools, prog["blob"], prog["dir"])
    rec["size"] = size
    rec["ram"] = ram
    rec["forms_unavailable"] = {"aot": prog["aot_missing"]} if prog["aot_missing"] else {}
    return rec


# The ~16 KB test capsule (build/tests/boards/<target>/load16k.wcap) whose load
# cost docs/porting.md and README.md quote: measured with the boards' results.
LOAD_16K_CAPSULE = "tests/boards/load16k.c"
BOARD_UNIT = "instructions per unit of work (QEMU -icount shift=0, board counter, differenced s=1,3)"


def measure_board_program(name, target, tools, work, dev=None):
    out = work / target / name
    elf, objs = bench_boards.board_elf(out, name, target, tools.build_dir)
    res = bench_boards.run_native(elf, target)
    if res["results"] != (0, 0):
        raise bench_run.RunError("%s/%s native self-check failed %s" % (target, name, res["results"]))
    wasm = bench_build.wasm_module(out, name)
    rec = {"name": name, "unit": BOARD_UNIT, "native": res["unit_instructions"], "aot": None,
           "interp": None, "native_counts": res["counts"]}
    size = {"unit": "bytes", "native_text": bench_build.text_size(objs, bench_boards.BOARDS[target]["size"]),
            "wasm_file": wasm.stat().st_size, "wasm_code": bench_build.wasm_code_size(wasm),
            "blob_text": None, "blob_image": None, "blob_file": None}
    ram = {"unit": "bytes", "native_stack_peak": res["stack_peak"], "aot_stack_peak": None,
           "linear_memory": 65536, "instance": None}
    unavailable = {}
    if dev is None:
        unavailable["aot"] = unavailable["interp"] = board_aot_missing(tools, target) or "board did not start"
    else:
        blob = bench_boards.aot_blob_timed(out, name, tools, target)
        rec["aot"], rec["aot_scale"] = bench_boards.aot_instructions_per_unit(dev, tools, blob, rec["native"])
        ram["aot_stack_peak"] = dev.stack_peak(tools.wcap, blob, 1)
        iblob = bench_boards.interp_blob_timed(out, name, tools)
        rec["interp"], rec["interp_scale"] = bench_boards.interp_instructions_per_unit(dev, tools, iblob,
                                                                                        rec["aot"])
        size["interp_blob_file"] = iblob.stat().st_size
    if tools.aot_missing() is None:
        blob = bench_build.aot_blob(out, name, wasm, tools, target)
        man = inspect_blob(tools, blob)
        size.update(blob_text=man.get("text_size"), blob_image=man.get("image_size"),
                    blob_file=blob.stat().st_size)
        ram.update(linear_memory=man.get("mem_max"), instance=man.get("instance_size"))
        if (tools.build_dir / "targets" / target / "loadbench.elf").exists():
            rec["load"] = bench_load.board_load_cost(tools.build_dir, blob, target)
    rec.update(size=size, ram=ram, forms_unavailable=unavailable)
    return rec


def tool_version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return None


def machine_info():
    cpu = None
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "os": platform.platform(), "clang": tool_version(["clang-14", "--version"]),
            "wabt": tool_version(["wasm2c", "--version"]), "node": tool_version(["node", "--version"]),
            "valgrind": tool_version(["valgrind", "--version"])}


def measure(args, tools, work, target):
    records = []
    dev = None
    if target != HOST_TARGET and board_aot_missing(tools, target) is None:
        dev = start_board(tools, target, work)
    try:
        for name in args.programs:
            log("measuring %s on %s" % (name, target))
            if target == HOST_TARGET:
                records.append(measure_program(name, tools, work, args))
            else:
                records.append(measure_board_program(name, target, tools, work, dev))
    finally:
        if dev:
            dev.stop()
    method = HOST_METHOD if target == HOST_TARGET else {
        "instructions": "QEMU %s with -icount shift=0 (1 instruction = 1 ns of virtual time); the "
                        "board's counter read around bench_run(1) and bench_run(3), "
                        "(c3-c1)/2 * instructions per tick" % " ".join(bench_boards.BOARDS[target]["qemu"][1:]),
        "native": bench_boards.BOARDS[target].get(
            "native_method", "clang-14 -O2 with the target's wcap flags (minus -mno-movt), bare metal, picolibc"),
        "aot": "the same C as wasm with export run_ms (bench/harness/entry_wasm_timed.c: virtual ms "
               "from wcap.millis around bench_run), `wcap build --target %s`, run by the project "
               "firmware under QEMU -icount shift=0 via `wcap run`; (ms(k)-ms(1))*1e6/(k-1), "
               "k sized for about 300 ms; error under 2 ms per difference" % target,
        "interp": "the same timed module as a portable blob (`wcap build --engine interp`), run by the "
                  "firmware's interpreter like the AOT blob; k sized for about 300 ms",
        "aot_stack_peak": "CallResult.stack_peak of `wcap run --stack-peak` run_ms(1): the firmware "
                          "(WCAP_FW_STACK_PEAK) paints the %d-byte stack budget around the call" % bench_boards.AOT_STACK,
        "load": "targets/tools/measure_load.sh: the loadbench firmware loads the blob through the real "
                "loader under -icount shift=0 (64-byte feeds); signature = the feed of the signature block's "
                "last byte (ECDSA P-256 check + manifest decode), other = header, copy, SHA-256, link, "
                "relocate, init"}
    load_16k = None
    ref = tools.build_dir / "tests" / "boards" / target / "load16k.wcap"
    if target != HOST_TARGET and ref.exists() and \
            (tools.build_dir / "targets" / target / "loadbench.elf").exists():
        log("load cost of the 16 KB reference capsule on %s" % target)
        load_16k = dict(bench_load.board_load_cost(tools.build_dir, ref, target), capsule=LOAD_16K_CAPSULE)
    doc = {"target": target,
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": machine_info(),
           # WCAP_BENCH_COMMIT: set when the tools were built from a snapshot of another commit
           "git_commit": os.environ.get("WCAP_BENCH_COMMIT") or
           tool_version(["git", "-C", str(bench_build.BENCH), "rev-parse", "--short", "HEAD"]),
           "method": method,
           "programs": records}
    if load_16k:
        doc["load_16k"] = load_16k
    out_dir = pathlib.Path(args.results_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / (target + ".json")
    path.write_text(json.dumps(doc, indent=1) + "\n")
    bench_report.write_all(doc, out_dir)
    log("wrote %s (+ .md, .svg)" % path)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["quick", "measure"])
    ap.add_argument("--build-dir", default=str(bench_build.BENCH.parent / "build"))
    ap.add_argument("--work-dir", default=None, help="default: BUILD/bench")
    ap.add_argument("--programs", default=",".join(bench_build.programs()))
    ap.add_argument("--targets", default=HOST_TARGET,
                    help="comma-separated, or all (%s and the boards)" % HOST_TARGET)
    ap.add_argument("--sabotage", action="store_true", help="quick: build with a failing self-check")
    ap.add_argument("--no-interp-icount", action="store_true",
                    help="x86_64: skip the callgrind count of wabt's wasm-interp (the slowest form)")
    ap.add_argument("--results-dir", default=str(RESULTS), help="measure: where to write (default bench/results)")
    args = ap.parse_args()
    args.programs = [p for p in args.programs.split(",") if p]
    unknown = set(args.programs) - set(bench_build.programs())
    if unknown:
        print("benchctl: unknown program(s): %s" % " ".join(sorted(unknown)), file=sys.stderr)
        return 2
    targets = [HOST_TARGET, *bench_boards.BOARDS] if args.targets == "all" else \
        [t for t in args.targets.split(",") if t]
    bad = [t for t in targets if t != HOST_TARGET and t not in bench_boards.BOARDS]
    if bad or not targets:
        print("benchctl: unknown target(s) %s (known: %s)" % (
            " ".join(bad), " ".join([HOST_TARGET, *bench_boards.BOARDS])), file=sys.stderr)
        return 2
    tools = bench_run.Tools(args.build_dir)
    work = pathlib.Path(args.work_dir or pathlib.Path(args.build_dir) / "bench")
    rc = 0
    for target in targets:
        try:
            if args.mode == "measure":
                rc |= measure(args, tools, work, target)
            elif target == HOST_TARGET:
                rc |= quick(args, tools, work)
            else:
                rc |= quick_board(args, target, work, tools)
        except (bench_build.BuildError, bench_run.RunError, subprocess.TimeoutExpired) as e:
            print("benchctl: %s: %s" % (target, e), file=sys.stderr)
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
