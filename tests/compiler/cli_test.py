#!/usr/bin/env python3
"""CLI tests of the `wcap` host tool (CTest names compiler.*).

usage: cli_test.py CASE --wcap BIN --wasm DIR [--byteflip BIN] [--target T]
Each case builds into a fresh temporary directory and exits non-zero with a
message on the first failed check.
"""
import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

TARGETS = ["x86_64-posix", "cortex-m4", "cortex-m33", "rv32imac", "xtensa-lx106"]
TARGET_IDS = {"x86_64-posix": 1, "cortex-m4": 2, "cortex-m33": 3, "rv32imac": 4, "xtensa-lx106": 5}
EXIT = {"usage": 2, "input": 3, "unsupported": 4, "import": 5, "key": 6, "target": 7,
        "toolchain": 8, "output": 9, "verify": 10, "limit": 11}
ALL_CAPS = 0x3F


class Failed(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failed(msg)


class Env:
    def __init__(self, args, work):
        self.wcap, self.wasm_dir, self.work, self.args = args.wcap, args.wasm, work, args
        self.tmp = os.path.join(work, "tmp")
        os.mkdir(self.tmp)
        self.key, self.pub = self.keygen("signer")

    def run(self, *argv, expect=0, path_prefix=None):
        env = dict(os.environ, TMPDIR=self.tmp)  # wcap's temporary directories go here: checked empty
        if path_prefix:
            env["PATH"] = path_prefix + os.pathsep + env["PATH"]
        p = subprocess.run([self.wcap, *argv], capture_output=True, text=True, timeout=300, env=env)
        if expect is not None and p.returncode != expect:
            raise Failed(f"wcap {' '.join(argv)}: exit {p.returncode}, expected {expect}\n{p.stdout}{p.stderr}")
        return p

    def keygen(self, name):
        prefix = os.path.join(self.work, name)
        self.run("keygen", "--out", prefix)
        return prefix + ".key", prefix + ".pub"

    def wasm(self, name):
        return os.path.join(self.wasm_dir, name + ".wasm")

    def build(self, module, target, out=None, extra=(), expect=0, wasm_path=None, key=None):
        out = out or os.path.join(self.work, f"{module}-{target}.wcap")
        p = self.run("build", wasm_path or self.wasm(module), "--target", target, "--key", key or self.key,
                     "-o", out, *extra, expect=expect)
        return out, p

    def inspect(self, blob):
        p = self.run("inspect", blob, "--json")
        tool = subprocess.run([sys.executable, "-m", "json.tool"], input=p.stdout, capture_output=True, text=True)
        check(tool.returncode == 0, f"inspect --json is not valid JSON: {tool.stderr}\n{p.stdout}")
        return json.loads(p.stdout)


def pub_key_id(pub_path):
    """key_id = first 8 bytes of SHA-256 of the 65-byte point (the last 65 bytes of the SPKI DER)."""
    body = "".join(l for l in open(pub_path) if not l.startswith("-----"))
    point = base64.b64decode(body)[-65:]
    check(point[0] == 4, "public key is not an uncompressed point")
    return hashlib.sha256(point).hexdigest()[:16]


def no_leftovers(env, out):
    d = os.path.dirname(out)
    base = os.path.basename(out)
    left = [f for f in os.listdir(d) if f.startswith(base)]
    check(not left, f"files left behind after a failed build: {left}")


# ---- cases -------------------------------------------------------------------

def case_numeric(env):
    """A module without imports, exporting i32/i64/f32/f64 functions, builds for the target;
    building it again gives the same bytes (deterministic ECDSA)."""
    t = env.args.target
    blob, _ = env.build("numeric", t)
    m = env.inspect(blob)
    check(m["target"] == TARGET_IDS[t], f"target {m['target']}")
    check(m["caps"] == 0, f"caps {m['caps']} for a module without imports")
    check(m["abi_version"] == 1 and m["image_size"] > 0 and m["entry"] < m["image_size"], "sizes/entry")
    check(m["text_size"] + m["rodata_size"] + m["data_size"] <= m["image_size"], "section sizes exceed the image")
    sigs = {e["name"]: e["sig"] for e in m["exports"]}
    want = {"add_i32": "ii:i", "mul_i64": "II:I", "div_i64": "II:I", "sqrt_f32": "f:f", "floor_f64": "F:F",
            "mix": "iIfF:F", "pair": "i:iI", "fac": "i:i", "nothing": ":"}
    check(sigs == want, f"exports {sigs}")
    check(not any(i["name"].startswith("Z_wcapZ_") for i in m["imports"]), "host imports in a pure module")
    check(all(i["name"] for i in m["imports"]), "import outside symbols.def")
    env.run("verify", blob, "--pub", env.pub)
    again, _ = env.build("numeric", t, out=os.path.join(env.work, "again.wcap"))
    check(open(again, "rb").read() == open(blob, "rb").read(), "two builds of the same module differ")
    print(f"{t}: {os.path.getsize(blob)} bytes, image {m['image_size']}, {m['n_imports']} imports, "
          f"relocs {m['relocs']}")


def case_hostapi(env):
    """Host imports: caps derived from the imports, --cap checked against them."""
    t = env.args.target
    blob, p = env.build("hostapi", t, extra=("-v",))
    check("capabilities: log,time,random,led,sensor,reply (derived" in p.stderr, "-v does not print the caps")
    m = env.inspect(blob)
    check(m["caps"] == ALL_CAPS, f"caps {m['caps']:#x}")
    names = {i["name"] for i in m["imports"]}
    for f in ("log", "millis", "sleep_ms", "random", "led_set", "led_toggle", "sensor_read", "reply"):
        check("Z_wcapZ_" + f in names, f"import {f} missing: {names}")
    check(m["mem_min"] == 65536 and m["mem_max"] == 4 * 65536, f"memory {m['mem_min']}..{m['mem_max']}")
    check(m["table_elems"] == 2, f"table_elems {m['table_elems']}")
    env.run("verify", blob, "--pub", env.pub)
    out = os.path.join(env.work, "caps.wcap")
    p = env.build("hostapi", t, out=out, extra=("--cap", "log,time"), expect=EXIT["import"])[1]
    check("needs capability" in p.stderr, p.stderr)
    no_leftovers(env, out)
    blob, _ = env.build("hostapi", t, out=out, extra=("--cap", "log,time,random", "--cap", "led,sensor,reply"))
    check(env.inspect(blob)["caps"] == ALL_CAPS, "declared caps")


def case_json(env):
    """inspect --json is valid JSON and round-trips the manifest fields given on the command line.
    A --memory-max below the initial size makes a small memory: mem_min is capped at mem_max."""
    blob, _ = env.build("smallmem", "cortex-m4", extra=("--name", "json-rt.1", "--version", "7", "--stack", "2048",
                                                        "--time-ms", "250", "--memory-max", "4096", "-Os"))
    m = env.inspect(blob)
    want = {"name": "json-rt.1", "version": 7, "target": 2, "stack_budget": 2048, "time_budget_ms": 250,
            "mem_min": 4096, "mem_max": 4096, "caps": 0, "key_id": pub_key_id(env.pub)}
    for k, v in want.items():
        check(m.get(k) == v, f"{k}: {m.get(k)!r}, expected {v!r}")
    for k in ("text_size", "rodata_size", "data_size", "bss_size", "image_size", "image_align", "n_imports",
              "n_relocs", "reloc_bytes", "entry", "instance_size", "table_elems", "abi_version", "payload_sha256",
              "relocs", "imports", "exports"):
        check(k in m, f"field {k} missing")
    check(m.get("on_trap") == 0, f"on_trap: {m.get('on_trap')!r}, expected 0 (restart, the default)")
    stop, _ = env.build("smallmem", "cortex-m4", out=os.path.join(env.work, "stop.wcap"),
                        extra=("--memory-max", "4096", "--on-trap", "stop"))
    check(env.inspect(stop).get("on_trap") == 1, "--on-trap stop: manifest on_trap is not 1")
    check(sum(m["relocs"].values()) == m["n_relocs"], "relocation counts do not add up")
    check(len(m["imports"]) == m["n_imports"], "imports")
    payload = open(blob, "rb").read()[-m["payload_len"]:]
    check(hashlib.sha256(payload).hexdigest() == m["payload_sha256"], "payload_sha256")
    # names that need escaping in JSON survive (the export name contains a quote and a backslash)
    wat = os.path.join(env.work, "esc.wasm")
    # (module (func (export "a\"b\\c")))  hand-assembled: type, func, export, code sections
    name = b'a"b\\c\x01'
    body = (b"\x00asm\x01\x00\x00\x00" + b"\x01\x04\x01\x60\x00\x00" + b"\x03\x02\x01\x00" +
            bytes([7, len(name) + 4, 1, len(name)]) + name + b"\x00\x00" + b"\x0a\x04\x01\x02\x00\x0b")
    open(wat, "wb").write(body)
    blob, _ = env.build("esc", "x86_64-posix", wasm_path=wat)
    m = env.inspect(blob)
    check(m["exports"] == [{"name": 'a"b\\c\x01', "sig": ":"}], f"escaped export {m['exports']}")


def case_bad(env):
    """Bad input: distinct exit codes, one error line, nothing left behind, an existing OUT kept."""
    numeric = open(env.wasm("numeric"), "rb").read()
    bad_dir = os.path.join(env.work, "bad")
    os.mkdir(bad_dir)

    def wasm_file(name, data):
        path = os.path.join(bad_dir, name)
        open(path, "wb").write(data)
        return path

    garbage_key = wasm_file("garbage.key", b"-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n")
    cases = [
        ("malformed", dict(wasm_path=wasm_file("m.wasm", b"\x00asm\x01\x00\x00\x00\x01\xff\xff")), "input", "offset"),
        ("not wasm", dict(wasm_path=wasm_file("n.wasm", b"hello world, not a module")), "input", "not a wasm"),
        ("truncated 9", dict(wasm_path=wasm_file("t9.wasm", numeric[:9])), "input", "truncated"),
        ("truncated half", dict(wasm_path=wasm_file("th.wasm", numeric[:len(numeric) // 2])), "input", "truncated"),
        ("truncated -1", dict(wasm_path=wasm_file("t1.wasm", numeric[:-1])), "input", "offset"),
        ("simd", dict(module="simd"), "unsupported", "SIMD"),
        ("exceptions", dict(module="eh"), "unsupported", "exception handling"),
        ("memory64", dict(module="mem64"), "unsupported", "memory64"),
        ("multi-memory", dict(module="multimem"), "unsupported", "multi-memory"),
        ("tail calls", dict(module="tailcall"), "unsupported", "tail calls"),
        ("invalid (wasm2c rejects)", dict(module="invalid"), "input", "wasm2c rejected the module: "),
        ("other module", dict(module="spectest"), "import", "'spectest'.'print_i32'"),
        ("threads", dict(module="threads"), "unsupported", "threads"),
        ("wasi import", dict(module="wasi"), "import", "'wasi_snapshot_preview1'.'fd_read' (function) is not allowed: "
         "this WASI function is not in wcap's subset"),
        ("wrong import type", dict(module="badtype"), "import", "type must be"),
        ("missing key", dict(key=os.path.join(bad_dir, "nokey.key")), "key", "nokey.key"),
        ("wrong key", dict(key=garbage_key), "key", "garbage.key"),
        ("public key as signing key", dict(key=env.pub), "key", "signer.pub"),
        ("unknown target", dict(target="z80"), "target", "z80"),
        ("unwritable output", dict(out=os.path.join(bad_dir, "no", "such", "dir", "x.wcap")), "output", "x.wcap"),
        ("output is a directory", dict(out=bad_dir), "output", "directory"),
        ("memory-max too small", dict(module="smallmem", extra=("--memory-max", "128")), "limit", "data segments"),
        ("bad option", dict(extra=("--frobnicate", "1")), "usage", "frobnicate"),
        ("bad cap", dict(extra=("--cap", "teleport")), "usage", "teleport"),
        ("bad on-trap policy", dict(extra=("--on-trap", "explode")), "usage", "explode"),
    ]
    for label, kw, code, text in cases:
        module = kw.pop("module", "numeric")
        target = kw.pop("target", "x86_64-posix")
        out = kw.pop("out", os.path.join(bad_dir, "out.wcap"))
        keep = not os.path.isdir(out) and os.path.isdir(os.path.dirname(out))
        if keep:
            open(out, "wb").write(b"previous blob")
        _, p = env.build(module, target, out=out, expect=EXIT[code], **kw)
        lines = [l for l in p.stderr.splitlines() if l.startswith("wcap: error:")]
        check(len(lines) == 1 and text in lines[0], f"{label}: expected one error line naming '{text}': {p.stderr}")
        if keep:
            check(open(out, "rb").read() == b"previous blob", f"{label}: existing output changed")
            os.unlink(out)
        left = [f for f in os.listdir(bad_dir) if ".tmp-" in f or f.endswith(".wcap")] + os.listdir(env.tmp)
        check(not left, f"{label}: left behind {left}")
        print(f"{label}: exit {p.returncode}: {lines[0]}")
    # usage errors of the other commands
    env.run("verify", env.wasm("numeric"), "--pub", env.pub, expect=EXIT["verify"])
    env.run("inspect", env.wasm("numeric"), expect=EXIT["input"])
    env.run("frobnicate", expect=EXIT["usage"])


def case_testonly(env):
    """Test-only --allow-imports MODULE + --extra-symbols FILE (conformance runner)."""
    extra = os.path.join(env.work, "extra.txt")
    open(extra, "w").write("# embedder symbols\n1024 Z_spectestZ_print_i32\n")
    out = os.path.join(env.work, "sp.wcap")
    p = env.build("spectest", "cortex-m4", out=out, extra=("--allow-imports", "spectest"), expect=EXIT["import"])[1]
    check("Z_spectestZ_print_i32" in p.stderr, p.stderr)
    no_leftovers(env, out)
    for t in ("x86_64-posix", "cortex-m4", "rv32imac"):
        blob, _ = env.build("spectest", t, extra=("--allow-imports", "spectest", "--extra-symbols", extra))
        ids = [i["id"] for i in env.inspect(blob)["imports"]]
        check(1024 in ids, f"{t}: embedder symbol not imported: {ids}")
    bad = os.path.join(env.work, "bad.txt")
    open(bad, "w").write("12 memcpy\n")  # below the embedder range
    env.build("spectest", "x86_64-posix", extra=("--allow-imports", "spectest", "--extra-symbols", bad),
              expect=EXIT["usage"])


def case_exec(env):
    """x86_64-posix blob run by tests/tools' wcap-exec (the real loader + runtime): every export's
    wrapper passes arguments and results of each type correctly (multi-value too)."""
    blob, _ = env.build("numeric", "x86_64-posix")
    calls = [("add_i32", ["2", "3"], "5"), ("mul_i64", ["3000000000", "3"], "9000000000"),
             ("div_i64", ["-7", "2"], "-3"), ("sqrt_f32", ["2.25"], "1.5"), ("floor_f64", ["-1.5"], "-2"),
             ("mix", ["1", "2", "0.5", "0.25"], "3.75"), ("pair", ["7"], "7 7"), ("fac", ["5"], "120"),
             ("nothing", [], "")]
    for name, args, want in calls:
        p = subprocess.run([env.args.exec, blob, "--trust", env.pub, "--export", name, *args], capture_output=True,
                           text=True, timeout=60)
        got = " ".join(p.stdout.split())
        check(p.returncode == 0 and got == want, f"{name}({', '.join(args)}) = {got!r} (exit {p.returncode}), "
                                                 f"expected {want!r}\n{p.stderr}")
        print(f"{name}({', '.join(args)}) = {got}")


def case_memcache(env):
    """The per-function memory cache of host/compiler/w2c.c: a size grown by a callee is refreshed in the
    caller (the access past the old end works), and the new end still traps."""
    blob, _ = env.build("memcache", "x86_64-posix")
    for name, code, want in (("grow_then_use", 0, "49"), ("grow_then_oob", 3, "trap: out of bounds"),
                             ("oob_before_grow", 3, "trap: out of bounds")):
        p = subprocess.run([env.args.exec, blob, "--trust", env.pub, "--export", name], capture_output=True,
                           text=True, timeout=60)
        got = " ".join(p.stdout.split()) if code == 0 else p.stderr.strip()
        check(p.returncode == code and got.startswith(want), f"{name}: exit {p.returncode}, {got!r}, "
                                                             f"expected exit {code} and {want!r}")
        print(f"{name}: exit {p.returncode}: {got}")


def case_accessmap(env):
    """wasm2c's real output of wat/accessmap.wat passes the build's cross-check of the C against the
    Wasm's access list (host/compiler/w2c_access.c): the dead accesses after br, unreachable and
    return are absent from the C as from the list."""
    temps = os.path.join(env.work, "temps")
    env.build("accessmap", "x86_64-posix", extra=("--keep-temps", temps))
    src = open(os.path.join(temps, "capsule.c")).read()
    helpers = ("i32_store(", "i32_store8", "f64_store", "i32_load16_u", "memory_fill(", "i32_load(", "i64_store")
    got = {h: sum(function_body(src, f).count(h) for f in ("a", "b")) for h in helpers}
    want = {"i32_store(": 1, "i32_store8": 1, "f64_store": 1, "i32_load16_u": 1, "memory_fill(": 1,
            "i32_load(": 0, "i64_store": 0}
    check(got == want, f"helper calls in the C {got}, expected {want}")
    print("accessmap: the build's cross-check passed; 5 accesses in the C, the 3 dead ones absent")


# Checks expected per function of tests/compiler/wast/merged_checks.wast: (function, the
# WCAP_SPAN_CHECK arguments after "&wcap_mem, " or None, WCAP_CHECK_ONE count, count of
# unchecked accesses (covered by an earlier check, or below the memory's guaranteed size)).
SPANS = (("sum_off", "(u64)(w2c_i0), 12ull", 0, 1), ("sum_add", "(u64)(w2c_i0), 8ull", 0, 1),
         ("sum_neg", "(u64)(w2c_i0), 8ull", 0, 1), ("store_then_oob", None, 1, 0), ("peek", None, 1, 0),
         ("div_then_oob", None, 1, 0), ("other_store_then_oob", None, 2, 0),
         ("byte_index", None, 1, 1), ("masked", None, 0, 1), ("masked_wide", None, 1, 0),
         ("store_then_covered", "(u64)(w2c_i0), 12ull", 0, 1), ("consts", None, 0, 2), ("consts_oob", None, 1, 1))


def function_body(c_src, name):
    start = c_src.find(f"static u32 w2c_{name}(Z_capsule_instance_t* instance")
    if start < 0:
        start = c_src.find(f"static void w2c_{name}(Z_capsule_instance_t* instance")
    check(start >= 0, f"function {name} not found in the generated C")
    return c_src[start:c_src.find("\n}\n", start)]


def checks_of(src, name):
    """(span check arguments, single checks, unchecked accesses) of one function."""
    lines = function_body(src, name).splitlines()
    spans = [l.split("WCAP_SPAN_CHECK(&wcap_mem, ", 1)[1].split(");", 1)[0] for l in lines if "WCAP_SPAN_CHECK(" in l]
    ones = sum("WCAP_CHECK_ONE(" in l for l in lines)
    bare = sum("_nc(&wcap_mem" in l and "WCAP_" not in l for l in lines)
    return spans, ones, bare


def case_spans(env):
    """host/compiler/wasm_checks.c merges the checks it should and no others, drops only checks of
    accesses below the memory's guaranteed size (the semantics are compiler.merged_checks'),
    and the unchecked helpers compile on every target."""
    subprocess.run(["wast2json", env.args.wast, "-o", os.path.join(env.work, "spans.json")], check=True)
    wasm = os.path.join(env.work, "spans.0.wasm")
    for target in TARGETS:
        temps = os.path.join(env.work, "temps-" + target)
        env.build("spans", target, wasm_path=wasm, extra=("--keep-temps", temps))
        src = open(os.path.join(temps, "capsule.c")).read()
        check("#define WCAP_MEM_MIN_SIZE 65536u" in src, f"{target}: no WCAP_MEM_MIN_SIZE 65536u")
        for name, span, ones, bare in SPANS:
            got = checks_of(src, name)
            want = ([span] if span else [], ones, bare)
            check(got == want, f"{target} {name}: (spans, single checks, unchecked) {got}, expected {want}")
    # A small memory (--memory-max 4096): the byte-indexed table at 8192 is no longer below it.
    temps = os.path.join(env.work, "temps-small")
    env.build("spans", "x86_64-posix", wasm_path=wasm, out=os.path.join(env.work, "small.wcap"),
              extra=("--keep-temps", temps, "--memory-max", "4096"))
    src = open(os.path.join(temps, "capsule.c")).read()
    check("#define WCAP_MEM_MIN_SIZE 4096u" in src, "small memory: no WCAP_MEM_MIN_SIZE 4096u")
    for name, want in (("byte_index", ([], 2, 0)), ("masked", ([], 1, 0)), ("consts", ([], 0, 2))):
        got = checks_of(src, name)
        check(got == want, f"small memory {name}: {got}, expected {want}")
    print(f"checks as expected on {len(TARGETS)} targets and with a small memory")


# Functions of tests/compiler/wast/loop_checks.wast and how many of their checks the loop's
# entry test covers (0: the loop must keep every check; the semantics are compiler.loop_checks').
LOOPS = (("up_ne", 1), ("up_lt_u", 1), ("up_swapped", 1), ("up_lt_s", 1), ("down_gt_u", 1), ("down_gt_s", 1),
         ("scaled", 1), ("two_ivs", 1), ("pairs", 1), ("wraps", 1), ("fill", 1),
         ("nested_first", 1), ("carry_up", 2), ("carry_down", 2), ("count_down", 0), ("from_negative", 1),
         ("bound_grows", 0), ("two_steps", 0), ("cond_step", 0), ("peek", 0))
# two left-out checks through one induction variable, one wcap_fits (w2c_checks.c fits_test)
LOOPS_ONE_FITS = ("carry_up", "carry_down")


def case_loops(env):
    """host/compiler/wasm_checks.c gives an entry test to the counted loops and to no others, on
    the 32-bit clang targets (wcapc_target_loop_checks), and the test compiles everywhere."""
    subprocess.run(["wast2json", env.args.wast, "-o", os.path.join(env.work, "loops.json")], check=True)
    wasm = os.path.join(env.work, "loops.0.wasm")
    for target in TARGETS:
        temps = os.path.join(env.work, "temps-" + target)
        env.build("loops", target, wasm_path=wasm, extra=("--keep-temps", temps))
        src = open(os.path.join(temps, "capsule.c")).read()
        for name, want in LOOPS:
            if target in ("xtensa-lx106", "x86_64-posix"):  # no loop-level checks (targets.h)
                want = 0
            body = function_body(src, name)
            # the unchecked copy (host/compiler/w2c_loops.c) leaves a comment for each check it left out
            got = (body.count("/* wcap_ok"), body.count("= wcap_trips("), body.count(" without its covered checks */"),
                   body.count(" with every check */"))
            one = 1 if want else 0
            check(got == (want, one, one, one), f"{target} {name}: (checks left out, entry tests, copies) {got}")
            if name in LOOPS_ONE_FITS:
                fits = body.count("wcap_fits(")
                check(fits == one, f"{target} {name}: {fits} wcap_fits tests, want {one} (merged)")
    print(f"loop entry tests as expected on {len(TARGETS)} targets")


FAKE_WASM2C = """#!/bin/sh
# wasm2c stand-in for compiler.toolchain: MODE selects the misbehaviour.
if [ "$1" = "--version" ]; then
  if [ "{mode}" = old ]; then echo 1.0.31; else echo 1.0.32; fi
  exit 0
fi
/usr/bin/wasm2c "$@" || exit $?
for a in "$@"; do out=$a; done
case "{mode}" in
  noprologue) sed -i 's/wasm_rt_call_stack_depth > WASM_RT_MAX_CALL_STACK_DEPTH/depth > MAX_DEPTH/' "$out" ;;
  nobarrier) sed -i 's/wasm_asm("" ::"r"(result));/(void)result;/' "$out" ;;
  noexport) sed -i 's/Z_capsuleZ_add_i32/Z_capsuleZ_renamed/' "${{out%.c}}.h" ;;
esac
"""


def case_toolchain(env):
    """wasm2c/clang trouble: wrong wasm2c version, wasm2c output the rewrite table does not match,
    a missing export prototype, a failing clang-14: exit 8 with one line, nothing left behind."""
    out = os.path.join(env.work, "tc.wcap")
    for mode, text in (("old", "wcap needs exactly 1.0.32"), ("noprologue", "unexpected wasm2c output"),
                       ("nobarrier", "unexpected wasm2c output"), ("noexport", "no prototype for export 'add_i32'")):
        fake = os.path.join(env.work, "fake-" + mode)
        os.mkdir(fake)
        with open(os.path.join(fake, "wasm2c"), "w") as f:
            f.write(FAKE_WASM2C.format(mode=mode))
        os.chmod(os.path.join(fake, "wasm2c"), 0o755)
        p = env.run("build", env.wasm("numeric"), "--target", "cortex-m4", "--key", env.key, "-o", out,
                    expect=EXIT["toolchain"], path_prefix=fake)
        check(text in p.stderr, f"{mode}: {p.stderr}")
        no_leftovers(env, out)
        check(not os.listdir(env.tmp), f"{mode}: temporary directory left")
        print(f"{mode}: {p.stderr.strip()}")
    fake = os.path.join(env.work, "fake-clang")
    os.mkdir(fake)
    with open(os.path.join(fake, "clang-14"), "w") as f:
        f.write("#!/bin/sh\ncase \"$*\" in *-print-resource-dir*) exec /usr/bin/clang-14 \"$@\";; esac\n"
                "echo 'unit.c:1:1: error: simulated compiler failure' >&2\nexit 1\n")
    os.chmod(os.path.join(fake, "clang-14"), 0o755)
    p = env.run("build", env.wasm("numeric"), "--target", "rv32imac", "--key", env.key, "-o", out,
                expect=EXIT["toolchain"], path_prefix=fake)
    check("simulated compiler failure" in p.stderr, p.stderr)
    no_leftovers(env, out)
    print(f"clang: {p.stderr.strip()}")


def case_devkeys(env):
    """host/cli/dev_keys.cmake (target wcap_dev_keys): creates the pair once, never replaces a key."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "host", "cli", "dev_keys.cmake")
    prefix = os.path.join(env.work, "keys", "dev")

    def make():
        return subprocess.run(["cmake", f"-DWCAP={env.wcap}", f"-DPREFIX={prefix}", "-P", script],
                              capture_output=True, text=True, timeout=60)
    check(make().returncode == 0, "first run failed")
    key = open(prefix + ".key").read()
    check(make().returncode == 0 and open(prefix + ".key").read() == key, "second run changed the key")
    os.unlink(prefix + ".pub")
    p = make()
    check(p.returncode != 0 and "only one of" in p.stderr, f"half pair accepted: {p.stderr}")
    check(open(prefix + ".key").read() == key and not os.path.exists(prefix + ".pub"), "half pair modified")


def case_fuzz(env):
    """parse_fuzz.c: the wasm reader and the blob parser on deterministic mutations of valid inputs."""
    blobs = [env.build(m, t)[0] for m, t in (("numeric", "cortex-m4"), ("hostapi", "x86_64-posix"))]
    wasm = [env.wasm(m) for m in ("numeric", "hostapi", "smallmem", "simd", "eh")]
    p = subprocess.run([env.args.fuzz, "10000", *wasm, "--", *blobs], capture_output=True, text=True, timeout=600)
    print(p.stdout + p.stderr)
    check(p.returncode == 0, "parser fuzzing failed")


def case_help(env):
    """--help of wcap and of each command answers: targets, capabilities, defaults, exit codes."""
    top = env.run("--help").stdout
    for w in ("keygen", "build", "inspect", "verify", "exit codes"):
        check(w in top, f"wcap --help lacks {w}")
    b = env.run("build", "--help").stdout
    for w in ("x86_64-posix", "cortex-m4", "cortex-m33", "rv32imac", "xtensa-lx106", "log, time, random, led, sensor, reply",
              "default -O2", "default 1", "--memory-max", "--extra-symbols", "  7  unknown target"):
        check(w in b, f"wcap build --help lacks {w!r}")
    for c in ("keygen", "inspect", "verify"):
        check("exit codes" in env.run(c, "--help").stdout, f"wcap {c} --help lacks the exit codes")
    # each device command: what it does (its own paragraph), options, transports, environment, exit codes
    said = set()
    for c in ("push", "run", "call", "ls", "rm", "info", "start", "stop", "reboot"):
        h = env.run(c, "--help").stdout
        paragraphs = h.split("\n\n")
        check(len(paragraphs) > 2 and h.startswith("usage: wcap " + c) and len(paragraphs[1]) > 80,
              f"wcap {c} --help has no description: {h[:300]}")
        check(paragraphs[1] not in said, f"wcap {c} --help repeats another command's description")
        said.add(paragraphs[1])
        for w in ("--port P", "--coap URI", "Transports:", "WCAP_IDENTITY", "Environment:", "14  the device refused"):
            check(w in h, f"wcap {c} --help lacks {w!r}")


def case_keygen(env):
    """keygen: 0600 private key, refuses to overwrite without --force."""
    key, pub = env.key, env.pub
    check(os.stat(key).st_mode & 0o777 == 0o600, f"key mode {os.stat(key).st_mode & 0o777:o}")
    check(open(key).read().startswith("-----BEGIN EC PRIVATE KEY-----"), "private key PEM")
    check(open(pub).read().startswith("-----BEGIN PUBLIC KEY-----"), "public key PEM")
    before = open(key).read()
    p = env.run("keygen", "--out", key[:-4], expect=EXIT["key"])
    check("already exists" in p.stderr and open(key).read() == before, "keygen overwrote a key")
    env.run("keygen", "--out", key[:-4], "--force")
    check(open(key).read() != before, "--force did not replace the key")


def case_byteflip(env):
    """verify rejects every byte flip and truncation, and a blob checked against another key."""
    blob, _ = env.build("numeric", "x86_64-posix")
    other_key, other_pub = env.keygen("other")
    p = subprocess.run([env.args.byteflip, blob, env.pub, other_pub], capture_output=True, text=True, timeout=600)
    print(p.stdout + p.stderr)
    check(p.returncode == 0, "byte-flip test failed")
    # and through the command line: another signer -> exit 10 with one line
    p = env.run("verify", blob, "--pub", other_pub, expect=EXIT["verify"])
    check("another key" in p.stderr, p.stderr)
    blob2, _ = env.build("numeric", "x86_64-posix", out=os.path.join(env.work, "o.wcap"), key=other_key)
    env.run("verify", blob2, "--pub", env.pub, expect=EXIT["verify"])


def case_reloc_table(env):
    """Malformed relocation tables (same length, so only the table is wrong): inspect (exit 3) and verify
    (exit 10) refuse each with one line naming the problem."""
    blob, _ = env.build("numeric", "cortex-m4")
    m = env.inspect(blob)
    data = open(blob, "rb").read()
    n, size = m["reloc_bytes"], m["image_size"]
    check(n >= 8 and m["n_relocs"] > 0, f"numeric has {m['n_relocs']} relocations in {n} bytes")
    leb, z = bytearray(), size << 1  # zig-zag of +image_size: a record exactly past the end
    while z >= 0x80:
        leb.append(0x80 | (z & 0x7F))
        z >>= 7
    past = bytes([0x11]) + bytes(leb) + bytes([z])
    cases = [
        (bytes([0x01, 0x80, 0x80, 0x80, 0x80, 0x80]), "overlong or non-canonical LEB128"),
        (bytes([0x11, 0x84, 0x00]), "overlong or non-canonical LEB128"),
        (bytes([0x01, 0x08, 0xAC, 0x02]), "symbol index 300 out of range"),
        (past, "outside the image"),
        (bytes([0x0F, 0x08]), "invalid kind 15"),
        (bytes([0x31]) * n, "bytes after the last"),
        (data[-n:-1] + bytes([0x80]), "ends inside record"),
    ]
    for i, (table, want) in enumerate(cases):
        table = table + data[len(data) - n + len(table):] if len(table) < n else table
        bad = os.path.join(env.work, f"rtab{i}.wcap")
        open(bad, "wb").write(data[:-n] + table)
        for argv, code in ((("inspect", bad), "input"), (("verify", bad, "--pub", env.pub), "verify")):
            p = env.run(*argv, expect=EXIT[code])
            lines = p.stderr.strip().splitlines()
            check(len(lines) == 1 and want in lines[0], f"case {i} {argv[0]}: {p.stderr!r}, expected {want!r}")


def case_overhead(env):
    """Report: blob overhead (header+manifest+signature+imports+relocations) vs the object's text+data."""
    print(f"{'module':10} {'target':13} {'blob':>6} {'text+data':>9} {'overhead':>8}  {'%':>6}  relocs")
    for module in ("numeric", "hostapi", "smallmem"):
        for t in TARGETS:
            blob, p = env.build(module, t)
            m = env.inspect(blob)
            over = 16 + m["manifest_len"] + 72 + 2 * m["n_imports"] + m["reloc_bytes"]
            obj = int(p.stdout.split("of the object's ")[1].split()[0])
            print(f"{module:10} {t:13} {os.path.getsize(blob):6} {obj:9} {over:8}  {100.0 * over / obj:5.1f}%  "
                  f"{m['relocs']}")


def case_hints(env):
    """Mistakes a new user makes get a message naming the fix: a .wasm given to inspect, a public key
    given as --key, a TCP port without tcp:."""
    p = env.run("inspect", env.wasm("numeric"), expect=3)
    check("a WebAssembly module, not a wcap blob: build it first (wcap build" in p.stderr, f"inspect .wasm: {p.stderr}")
    p = env.run("build", env.wasm("numeric"), "--target", "cortex-m4", "--key", env.pub, "-o",
                os.path.join(env.work, "x.wcap"), expect=6)
    check("is a public key: --key takes the private key" in p.stderr, f"--key PUB: {p.stderr}")
    p = env.run("ls", "--port", "127.0.0.1:1", expect=12)
    check("for a TCP port write --port tcp:127.0.0.1:1" in p.stderr, f"--port HOST:PORT: {p.stderr}")


def case_fit(env):
    """`wcap build` warns when a capsule cannot fit the target's reference board (targets.def board_ram)
    and names the --memory-max that fits; the board_ram figures agree with the boards' capsule arenas
    (WCAP_FW_ARENA_SIZE in targets/<t>/board.cmake or what it includes)."""
    import re
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ids = dict(re.findall(r'WCAP_TARGET_ID\((\w+),\s*\d+,\s*"([^"]+)"',
                          open(os.path.join(root, "format/include/wcap/target_ids.def")).read()))
    settings = open(os.path.join(root, "host/compiler/targets.def")).read()
    for suffix, name in ids.items():
        m = re.search(r"#define WCAPC_SETTINGS_%s \\\n\s*\w+, \w+, &\w+, \d+, \d+, (\d+)," % suffix, settings)
        check(m is not None, f"targets.def: no board_ram for {name}")
        board = os.path.join(root, "targets", name, "board.cmake")
        if not os.path.exists(board):
            check(m.group(1) == "0", f"{name} has no board but board_ram {m.group(1)}")
            continue
        text = open(board).read()
        for inc in re.findall(r"include\(\$\{WCAP_ROOT\}/([^)]+)\)", text):
            text += open(os.path.join(root, inc)).read()
        arena = re.search(r"set\(WCAP_FW_ARENA_SIZE (\d+)\)", text)
        check(arena is not None, f"{name}: no WCAP_FW_ARENA_SIZE")
        check(arena.group(1) == m.group(1), f"{name}: board_ram {m.group(1)} in targets.def, arena {arena.group(1)}")
    _, p = env.build("hostapi", "cortex-m4", extra=("--memory-max", "262144"))
    warn = [l for l in p.stderr.splitlines() if "warning:" in l]
    check(len(warn) == 1 and "more than the 131072 of the cortex-m4 reference board" in warn[0]
          and re.search(r"--memory-max \d+ or less", warn[0]), f"no fit warning: {p.stderr}")
    fit = int(re.search(r"--memory-max (\d+) or less", warn[0]).group(1))
    _, p = env.build("hostapi", "cortex-m4", extra=("--memory-max", str(fit)))
    check("warning:" not in p.stderr, f"the suggested --memory-max {fit} still warns: {p.stderr}")
    _, p = env.build("hostapi", "x86_64-posix", extra=("--memory-max", "262144"))
    check("warning:" not in p.stderr, f"a fit warning for x86_64-posix (no reference board): {p.stderr}")
    print(f"fit warning names --memory-max {fit}")


def case_board_memory(env):
    """A module whose declared memory cannot fit a board (bigmem.wat: 256 KiB) gets, for a board target
    without --memory-max, the whole pages that hold its data and C stack (one), with a note and no fit
    warning. With clang's default 64 KiB stack (bigstack.wat) that is two pages, still too much: the
    warning says to link with a smaller stack. x86_64-posix (no reference board), an explicit
    --memory-max and a module without a named stack pointer keep their sizes."""
    blob, p = env.build("bigmem", "cortex-m4")
    check("warning:" not in p.stderr, f"a board default that does not fit: {p.stderr}")
    check("note: linear memory 262144 -> 65536 bytes for the cortex-m4 reference board" in p.stderr,
          f"no note on the board default: {p.stderr}")
    m = env.inspect(blob)
    check(m["mem_min"] == 65536 and m["mem_max"] == 65536, f"board default memory {m['mem_min']}..{m['mem_max']}")
    _, p = env.build("bigstack", "rv32imac")
    check("-> 131072 bytes" in p.stderr and "link it with a smaller one (clang -Wl,-z,stack-size=8192)" in p.stderr,
          f"no stack hint: {p.stderr}")
    blob, p = env.build("bigmem", "x86_64-posix")
    m = env.inspect(blob)
    check("note:" not in p.stderr and m["mem_max"] == 262144, f"x86_64-posix memory changed: {m['mem_max']}")
    blob, p = env.build("bigmem", "cortex-m4", extra=("--memory-max", "262144"))
    m = env.inspect(blob)
    check("note:" not in p.stderr and m["mem_max"] == 262144 and "warning:" in p.stderr,
          f"an explicit --memory-max overridden or not warned: {m['mem_max']} {p.stderr}")
    blob, p = env.build("hostapi", "cortex-m4")  # no __stack_pointer: nothing to go by, unchanged
    check(env.inspect(blob)["mem_max"] == 4 * 65536, "a module without a named stack pointer was resized")
    print("bigmem on cortex-m4: 65536 bytes by default; bigstack warned with the link flag")


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--wcap", required=True)
    ap.add_argument("--wasm", required=True)
    ap.add_argument("--byteflip")
    ap.add_argument("--exec")
    ap.add_argument("--fuzz")
    ap.add_argument("--wast")
    ap.add_argument("--target", default="x86_64-posix")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wcap-test-") as work:
        try:
            CASES[args.case](Env(args, work))
        except Failed as e:
            print(f"FAIL: {e}", file=sys.stderr)
            return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
