#!/usr/bin/env python3
"""Differential test of the bounds checks (host/compiler/wasm_checks.c).

Generates random Wasm functions (seeded, reproducible) full of loads and
stores through shifting bases, masked and byte-derived indices, wrap-around
addresses and the occasional trapping division, and loops over them: an
induction variable walking up or down from near 0, 16 KiB or the end of
memory, addresses base + (i << s) + c, exits taken early on a loaded value,
a bound changed inside the loop, and (in a memory that may grow) a
memory.grow inside the loop. wabt's
spectest-interp (the reference interpreter) runs each function on edge-case
arguments and, after every call, a checksum of the whole memory. Its results
become the assertions of a .wast that tests/spec/run_spec.py runs through
`wcap build` + the device loader and runtime: every result, every trap and
the memory left behind by a trapping call must match.
With --engine interp the same modules run through the interpreter
(docs/interpreter.md) instead of the AOT blobs: the same seeds give the
differential test of both engines against the reference.

  fuzz_spans.py --work DIR --seed N --modules K  + run_spec.py's options
Exit status 0 when every check passes and the pass merged or dropped checks
in the generated code (else the test would prove nothing), 1 otherwise.
"""
import argparse
import os
import random
import re
import subprocess
import sys

OFFSETS = [0] * 12 + [1, 2, 3, 4, 4, 4, 7, 8, 8, 8, 12, 12, 16, 16, 100, 4096, 65528, 65535, 70000]
CONSTS = [0, 1, 2, 3, 4, 8, 12, 16, 64, 255, 4096] * 2 + [65520, 65532, -1, -2, -4, -8, -12, -64, -65536]
ARGS = [0, 4, 100, 1000, 2000, 30000] * 4 + [65500, 65520, 65528, 65532, 65535, 65536, -4, -8, -65536,
                                             0x7FFFFFFF]
LOADS = [("i32.load", "i32"), ("i32.load8_u", "i32"), ("i32.load8_s", "i32"), ("i32.load16_u", "i32"),
         ("i64.load", "i64"), ("i64.load32_u", "i64"), ("f64.load", "f64"), ("f32.load", "f32")]
STORES = [("i32.store", "i32"), ("i32.store8", "i32"), ("i32.store16", "i32"), ("i64.store", "i64"),
          ("i64.store32", "i64")]
I32 = ["$p", "$q", "$a", "$b", "$c"]


def loop_addr(rng):
    """An address that moves with the loop's induction variable $i."""
    if rng.random() < 0.3:  # $i itself: with an edge start, the last iteration is the first out of bounds
        return "(local.get $i)"
    base = rng.choice(["(local.get %s)" % rng.base, "(i32.const %d)" % rng.choice([0, 1024, 16384, 65000, 65532])])
    scale = rng.choice([0, 0, 1, 2, 2, 3])
    idx = "(local.get $i)" if scale == 0 else "(i32.shl (local.get $i) (i32.const %d))" % scale
    kind = rng.randrange(4)
    if kind == 0:
        return "(i32.add %s %s)" % (base, idx)
    if kind == 1:
        return "(i32.sub %s %s)" % (base, idx)
    if kind == 2:
        return "(i32.add (i32.and %s (i32.const %d)) %s)" % (idx, rng.choice([255, 1020, 0xFFFC]), base)
    return "(i32.add (i32.add %s %s) (i32.const %d))" % (base, idx, rng.choice(CONSTS))


def addr(rng):
    if rng.in_loop and rng.random() < 0.6:
        return loop_addr(rng)
    # Mostly one base per function, as in real code: that is what the pass merges.
    base = "(local.get %s)" % (rng.base if rng.random() < 0.7 else rng.choice(I32))
    kind = rng.choice([0, 0, 1, 1, 1, 2, 3, 4, 5])
    if kind == 0:
        return base
    if kind == 1:
        return "(i32.add %s (i32.const %d))" % (base, rng.choice(CONSTS))
    if kind == 2:
        return "(i32.and %s (i32.const %d))" % (base, rng.choice([255, 1020, 0xFFFC, 0x1FFFC, 65535]))
    if kind == 3:
        return "(i32.add (i32.const %d) (i32.shl (i32.load8_u %s) (i32.const 2)))" % (
            rng.choice([0, 1024, 60000, 65000]), base)
    if kind == 4:
        return "(i32.const %d)" % rng.choice([0, 8, 1024, 65532, 65535])
    return "(i32.sub %s (i32.const %d))" % (base, rng.choice(CONSTS))


def value(rng, typ):
    if typ == "i32":
        return "(local.get %s)" % rng.choice(I32)
    if typ == "i64":
        return "(i64.extend_i32_u (local.get %s))" % rng.choice(I32)
    return "(f64.convert_i32_u (local.get %s))" % rng.choice(I32)


def loop(rng, n_stmts):
    """A loop of at most 64 iterations over statements whose addresses follow $i."""
    start = rng.choice([0, 0, 1, 4, 100, 1000, 16380, 16384, 65000, 65520, 65532, 65535])
    step = rng.choice([1, 1, 2, 4, -1, -4])
    trips = rng.choice([0, 1, 2, 3, 8, 16, 40])
    counted = rng.random() < 0.6  # the shapes the loop-level checks cover (see counted_exit)
    if counted:
        trips = max(trips, 1)
    edge = rng.random() < 0.4
    if edge:  # the last iteration's $i is the first out of bounds for a byte access (or below 0)
        d = rng.randrange(step, 2 * step) if step > 0 else rng.randrange(step, 0)
        start = (65536 - step * trips + d) if step > 0 else (-step * (trips - 1) + d)
    rng.in_loop = True
    body = [statement(rng) for _ in range(rng.randrange(1, n_stmts + 1))]
    rng.in_loop = False
    if edge and rng.random() < 0.5:  # ... and, first in the body, a byte load at $i: a trip count one
        body = ["(local.set $a (i32.add (local.get $a) (i32.load8_u (local.get $i))))"] + body[:1]  # short misses it
    if rng.random() < 0.3:  # an exit taken early, on a value read in the loop
        body.insert(rng.randrange(len(body) + 1),
                    "(br_if $exit (i32.eq (i32.and (local.get $a) (i32.const 7)) (i32.const 3)))")
    if not counted and rng.random() < 0.2:  # the bound changes inside the loop
        body.insert(rng.randrange(len(body) + 1), "(local.set $n (i32.add (local.get $n) (i32.const %d)))" % step)
    if rng.grows and rng.random() < 0.5:  # the memory grows inside the loop
        body.insert(rng.randrange(len(body) + 1), "(drop (memory.grow (i32.and (local.get $k) (i32.const 1))))")
    exit_test = "(i32.and (i32.ne (local.get $i) (local.get $n)) (i32.lt_u (local.get $k) (i32.const 64)))"
    if counted:
        exit_test, trips = counted_exit(rng, step, trips, body)
    return """(local.set $i (i32.const %d)) (local.set $n (i32.const %d)) (local.set $k (i32.const 0))
    (block $exit (loop $top
      %s
      (local.set $i (i32.add (local.get $i) (i32.const %d)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $top %s)))""" % (start, (start + step * trips) & 0xFFFFFFFF, "\n      ".join(body), step, exit_test)


def counted_exit(rng, step, trips, body):
    """An exit test on one induction variable against a bound set before the
    loop: $i != $n, $i < $n or $i > $n (signed or not, either operand order),
    or $k < trips. Sometimes the bound also grows inside the loop, slower
    than $i: the loop then runs past the trip count its entry computed."""
    up = step > 0
    kind = rng.randrange(4)
    if kind == 0:
        test = "(i32.ne (local.get $i) (local.get $n))"
    elif kind == 1:
        test = "(i32.lt_u (local.get $k) (i32.const %d))" % trips
    else:
        op = rng.choice(["lt_u", "lt_s"] if up else ["gt_u", "gt_s"])
        test = "(i32.%s (local.get $i) (local.get $n))" % op
        if rng.random() < 0.5:
            test = "(i32.%s (local.get $n) (local.get $i))" % (op.replace("lt", "GT").replace("gt", "lt").lower())
        if abs(step) > 1 and rng.random() < 0.3:
            body.insert(rng.randrange(len(body) + 1),
                        "(local.set $n (i32.add (local.get $n) (i32.const %d)))" % (1 if up else -1))
    return test, trips


def statement(rng):
    if not rng.in_loop and rng.random() < 0.2:
        return loop(rng, 5)
    k = rng.randrange(20)
    if k < 8:
        op, typ = rng.choice(LOADS)
        off = rng.choice(OFFSETS)
        load = "(%s offset=%d %s)" % (op, off, addr(rng))
        if typ == "i32":
            return "(local.set %s (i32.add (local.get $a) %s))" % (rng.choice(["$a", "$b", "$c"]), load)
        if typ == "i64":
            return "(local.set $x (i64.add (local.get $x) %s))" % load
        if typ == "f32":
            return "(local.set $x (i64.add (local.get $x) (i64.extend_i32_u (i32.reinterpret_f32 %s))))" % load
        return "(local.set $x (i64.xor (local.get $x) (i64.reinterpret_f64 %s)))" % load
    if k < 13:
        op, typ = rng.choice(STORES)
        return "(%s offset=%d %s %s)" % (op, rng.choice(OFFSETS), addr(rng), value(rng, typ))
    if k < 17:
        v = rng.choice(["$p", "$q", "$a", "$b"])
        return "(local.set %s (i32.add (local.get %s) (i32.const %d)))" % (v, v, rng.choice(CONSTS))
    if k < 19:
        return "(local.set $c (i32.xor (local.get $a) (i32.rotl (local.get $b) (i32.const 7))))"
    return "(local.set $b (i32.div_u (local.get $a) (i32.and (local.get $c) (i32.const 3))))"


def module(rng, n_stmts):
    rng.base = rng.choice(["$p", "$q"])
    rng.in_loop = False
    rng.grows = rng.random() < 0.2  # a memory that may grow (to 2 pages), and memory.grow in loops
    body = "\n    ".join(statement(rng) for _ in range(rng.randrange(2, n_stmts + 1)))
    return """(module
  (memory 1 %d)
  (data (i32.const 0) "\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f\\10")
  (data (i32.const 65520) "\\f1\\f2\\f3\\f4\\f5\\f6\\f7\\f8\\f9\\fa\\fb\\fc\\fd\\fe\\ff\\7f")
  (func (export "f") (param $p i32) (param $q i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $x i64) (local $i i32) (local $n i32) (local $k i32)
    (local.set $a (i32.const 3)) (local.set $c (local.get $q))
    %s
    (i32.add (local.get $a) (i32.add (local.get $b) (i32.wrap_i64 (i64.xor (local.get $x)
      (i64.shr_u (local.get $x) (i64.const 32)))))))
  (func (export "sum") (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (i32.mul (local.get $s) (i32.const 31)) (i32.load (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 65536))))
    (local.get $s)))
""" % (2 if rng.grows else 1, body)


RESULT = re.compile(r"^(f|sum)\((.*)\) => (?:i32:(\d+)|error: (.*))$")
TRAPS = ("out of bounds memory access", "integer divide by zero")


def reference(wast, work, name):
    """Runs the invokes in spectest-interp; returns the assertions it implies."""
    js = os.path.join(work, name + ".ref.json")
    subprocess.run(["wast2json", wast, "-o", js], check=True, capture_output=True)
    r = subprocess.run(["spectest-interp", js], capture_output=True, text=True, timeout=300)
    out = []
    for line in r.stdout.splitlines():
        m = RESULT.match(line)
        if not m:
            continue
        fn, args, val, err = m.groups()
        inv = '(invoke "%s"%s)' % (fn, "".join(" (i32.const %s)" % a.split(":")[1] for a in args.split(", ") if a))
        if val is not None:
            out.append("(assert_return %s (i32.const %s))" % (inv, val))
        else:
            trap = [t for t in TRAPS if err.startswith(t)]
            if not trap:
                raise SystemExit("fuzz_spans: unexpected reference error: %s" % line)
            out.append('(assert_trap %s "%s")' % (inv, trap[0]))
    return out


def merged_checks(wcap, key, wasm, work, extra):
    """How many accesses of the module's C the pass merged, single-checked or dropped."""
    temps = os.path.join(work, "temps")
    subprocess.run([wcap, "build", wasm, "--target", "x86_64-posix", "--key", key, "-o",
                    os.path.join(work, "probe.wcap"), "--keep-temps", temps] + extra, check=True, capture_output=True)
    src = open(os.path.join(temps, "capsule.c")).read()
    body = src[src.find("static u32 w2c_f("):]
    return (body.count("WCAP_SPAN_CHECK(&wcap_mem"), body.count("_nc(&wcap_mem") - body.count("WCAP_CHECK_ONE("),
            body.count("/* wcap_ok"))  # the checks the unchecked copies left out (w2c_loops.c)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--modules", type=int, default=30)
    ap.add_argument("--statements", type=int, default=16, help="at most, per function")
    ap.add_argument("--run-spec", required=True, help="tests/spec/run_spec.py")
    ap.add_argument("--wcap", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--pub", required=True)
    ap.add_argument("--runner", required=True)
    ap.add_argument("--extra-symbols", required=True)
    ap.add_argument("--engine", choices=["aot", "interp"], default="aot")
    ap.add_argument("--loop-checks", action="store_true",
                    help="build with --loop-checks yes (x86_64 makes none by default) and require some")
    a = ap.parse_args()
    extra = ["--loop-checks", "yes"] if a.loop_checks else []
    os.makedirs(a.work, exist_ok=True)
    rng = random.Random(a.seed)
    failed, checks, spans, unchecked, returned, trapped, looped = 0, 0, 0, 0, 0, 0, 0
    for i in range(a.modules):
        name = "fuzz%d" % i
        mod = module(rng, a.statements)
        invokes = []
        for _ in range(10):
            invokes.append('(invoke "f" (i32.const %d) (i32.const %d))' % (rng.choice(ARGS), rng.choice(ARGS)))
            invokes.append('(invoke "sum")')
        ref_wast = os.path.join(a.work, name + ".ref.wast")
        open(ref_wast, "w").write(mod + "\n".join(invokes) + "\n")
        asserts = reference(ref_wast, a.work, name)
        if len(asserts) != len(invokes):
            raise SystemExit("fuzz_spans: %s: reference gave %d results for %d invokes" % (
                name, len(asserts), len(invokes)))
        returned += sum(a_.startswith('(assert_return (invoke "f"') for a_ in asserts)
        trapped += sum(a_.startswith('(assert_trap (invoke "f"') for a_ in asserts)
        wast = os.path.join(a.work, name + ".wast")
        open(wast, "w").write(mod + "\n".join(asserts) + "\n")
        subprocess.run(["wast2json", wast, "-o", os.path.join(a.work, name + ".json")], check=True)
        if a.engine == "aot":
            s, u, lc = merged_checks(a.wcap, a.key, os.path.join(a.work, name + ".0.wasm"), a.work, extra)
            spans += s
            unchecked += u
            looped += lc
        expected = os.path.join(a.work, "expected.txt")
        open(expected, "w").write("%s %d/%d\n" % (name, len(asserts) + 1, len(asserts) + 1))
        checks += len(asserts) + 1
        try:
            r = subprocess.run([sys.executable, a.run_spec, "--wast", wast, "--work", os.path.join(a.work, "run"),
                                "--cache", os.path.join(a.work, "cache"), "--wcap", a.wcap, "--key", a.key,
                                "--pub", a.pub, "--runner", a.runner, "--extra-symbols", a.extra_symbols,
                                "--expected", expected, "--engine", a.engine] + ["--build-arg=" + x for x in extra],
                               capture_output=True, text=True,
                               timeout=120)
            ok, why = r.returncode == 0, (r.stdout + r.stderr).strip()[-800:]
        except subprocess.TimeoutExpired:
            ok, why = False, "timed out (a runaway access corrupted the runner?)"
        if not ok:
            failed += 1
            print("FAIL %s (seed %d, %s): %s" % (name, a.seed, wast, why))
    print("fuzz_spans (%s): %d modules, %d checks (%d calls returned, %d trapped), %d modules failed; %d merged "
          "checks, %d unchecked accesses and %d loop-covered checks in the generated C" % (
              a.engine, a.modules, checks, returned, trapped, failed, spans, unchecked, looped))
    if a.engine == "aot" and (spans == 0 or unchecked == 0 or (a.loop_checks and looped == 0)):
        print("fuzz_spans: the pass merged, dropped or loop-covered nothing: this run tests nothing")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
