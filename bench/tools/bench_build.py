"""Builds the forms of one benchmark program: native executable, native
objects (for code size), the wasm32 capsule module, the wasm-interp variant,
and the wcap AOT blob.

All compilers are called directly (no CMake flags leak in): the native and
wasm forms use clang-14 -O2, the same compiler and level `wcap build` uses.
`wasm-ld-14` links the module itself, so clang never runs binaryen's wasm-opt
(which it does silently when wasm-opt is on PATH): the .wasm is pinned to what
LLVM emits.
"""
import os
import pathlib
import re
import subprocess

BENCH = pathlib.Path(__file__).resolve().parent.parent
HARNESS = BENCH / "harness"
PROGRAMS_DIR = BENCH / "programs"

CLANG = "clang-14"
WASM_LD = "wasm-ld-14"
OPT = ["-O2"]
WARN = ["-Wall", "-Wextra", "-Werror"]
# One 64 KiB page of linear memory, 16 KiB of it shadow stack: every program
# keeps its data well under that so the same module fits the boards.
WASM_LDFLAGS = ["--no-entry", "-z", "stack-size=16384", "--initial-memory=65536",
                "--max-memory=65536"]


class BuildError(Exception):
    pass


def programs():
    """Names of all benchmark programs (bench/programs/*.c)."""
    return sorted(p.stem for p in PROGRAMS_DIR.glob("*.c"))


def run(cmd, **kw):
    """Runs a command; raises BuildError with its output when it fails."""
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise BuildError("%s failed (exit %d):\n%s%s" % (
            os.path.basename(str(cmd[0])), r.returncode, r.stdout, r.stderr))
    return r


def _cc(out, src, extra, cc=CLANG):
    run([cc, *OPT, *WARN, "-I", HARNESS, *extra, "-c", src, "-o", out])
    return out


def native_objects(out_dir, name, cflags=(), cc=CLANG):
    """Compiles the program and harness library to objects for the host or a
    cross target (cflags; cc: clang-14 unless the target needs a GCC cross
    compiler). Returns the object paths: program, util, libc."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [
        _cc(out_dir / (name + ".o"), PROGRAMS_DIR / (name + ".c"), cflags, cc),
        _cc(out_dir / "bench_util.o", HARNESS / "bench_util.c", cflags, cc),
        _cc(out_dir / "mini_libc.o", HARNESS / "mini_libc.c", [*cflags, "-fno-builtin"], cc),
    ]


def native_exe(out_dir, name, extra=()):
    """x86_64 executable: program + harness driver (bench-NAME SCALE [--stack])."""
    objs = native_objects(out_dir / "native", name, list(extra))
    main_o = _cc(out_dir / "native" / "main_native.o", HARNESS / "main_native.c", list(extra))
    exe = out_dir / ("bench-" + name)
    # -z now: no lazy PLT binding (its resolver would show in the stack probe)
    run([CLANG, *OPT, *objs, main_o, "-lm", "-Wl,-z,now", "-o", exe])
    return exe


def text_size(objects, size_tool="llvm-size-14"):
    """Sum of the .text* sections of ELF objects, in bytes."""
    total = 0
    for obj in objects:
        out = run([size_tool, "-A", obj]).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].startswith(".text") and parts[1].isdigit():
                total += int(parts[1])
    return total


def wasm_module(out_dir, name, extra=(), entry="entry_wasm.c"):
    """The capsule module: exports run(scale) -> i32, imports nothing
    (entry_wasm_timed.c instead: run_ms(scale), importing wcap.millis)."""
    d = out_dir / "wasm"
    d.mkdir(parents=True, exist_ok=True)
    wflags = ["--target=wasm32", "-nostdlib", *extra]
    stem = pathlib.Path(entry).stem
    objs = [
        _cc(d / (name + ".o"), PROGRAMS_DIR / (name + ".c"), wflags),
        _cc(d / "bench_util.o", HARNESS / "bench_util.c", wflags),
        _cc(d / (stem + ".o"), HARNESS / entry, wflags),
        _cc(d / "mini_libc.o", HARNESS / "mini_libc.c", [*wflags, "-fno-builtin"]),
    ]
    wasm = out_dir / (name + (".wasm" if entry == "entry_wasm.c" else ".timed.wasm"))
    run([WASM_LD, *WASM_LDFLAGS, *objs, "-o", wasm])
    return wasm


def interp_module(wasm, scale):
    """wasm-interp 1.0.32 can only call exports without parameters
    (--run-all-exports skips the others), so this adds `bench_entry() -> i32`
    that calls run(scale); everything else is the unchanged module."""
    out = wasm.with_name("%s.interp-%d.wasm" % (wasm.stem, scale))
    if out.exists() and out.stat().st_mtime >= wasm.stat().st_mtime:
        return out
    wat = run(["wasm2wat", wasm]).stdout.rstrip()
    m = re.search(r'\(export "run" \(func ([^\s)]+)\)\)', wat)
    if not m or not wat.endswith(")"):
        raise BuildError("%s: no export \"run\" in wasm2wat output" % wasm)
    wat = wat[:-1] + ('\n  (func $__bench_entry (result i32) i32.const %d call %s)\n'
                      '  (export "bench_entry" (func $__bench_entry)))\n' % (scale, m.group(1)))
    wat_path = out.with_suffix(".wat")
    wat_path.write_text(wat)
    run(["wat2wasm", wat_path, "-o", out])
    wat_path.unlink()
    return out


def wasm_code_size(wasm):
    """Bytes of the code section (id 10) of a .wasm file."""
    data = pathlib.Path(wasm).read_bytes()
    pos = 8
    while pos < len(data):
        sid = data[pos]
        pos += 1
        size, shift = 0, 0
        while True:
            b = data[pos]
            pos += 1
            size |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if sid == 10:
            return size
        pos += size
    return None


def interp_blob(out_dir, name, wasm, tools):
    """`wcap build --engine interp` of the module: the portable interpreted blob."""
    blob = out_dir / ("%s.interp.wcap" % name)
    run([tools.wcap, "build", wasm, "--engine", "interp", "--key", tools.key, "-o", blob])
    return blob


def aot_blob(out_dir, name, wasm, tools, target):
    """`wcap build` of the module for `target`; tools is a bench_run.Tools."""
    blob = out_dir / ("%s.%s.wcap" % (name, target))
    run([tools.wcap, "build", wasm, "--target", target, "--key", tools.key, "-o", blob])
    return blob
