#!/usr/bin/env python3
"""Runs one WebAssembly spec .wast file through wcap's own pipeline.

  wast2json FILE -> every module: `wcap build --target x86_64-posix` (cached by
  hash) -> a script for spec_runner (loader + runtime, one process) -> results.

Checks counted per file (the total): module (must build and load),
assert_return, assert_trap, assert_exhaustion, action (invoke must not trap),
assert_invalid / binary assert_malformed / assert_unlinkable (pass when wcap
build refuses the module; an unlinkable one may instead fail to load),
assert_uninstantiable (must build, then fail to load). Text-format
assert_malformed commands are skipped: wast2json already parses the text, and
wcap only ever sees binaries.

--board TARGET runs the same checks on a board (cortex-m4, cortex-m33,
rv32imac, xtensa-lx106): modules are built with `--target TARGET`, and
--runner is that board's specrunner.elf, which QEMU runs with semihosting in
the file's work folder, reading the script from `board.script` there.

Exit status: 0 when the results match the file's line in expected.txt (no
check that is expected to pass fails), 1 on a regression, 2 on a usage or
setup error. --update prints the expected.txt line for the current results.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

BUILD_TIMEOUT = 300
RUN_TIMEOUT = 600
PAGE = 65536
# --memory-max of a module whose declared maximum is larger (or absent), in
# pages: never below its initial size (memory_arg). The posix port's capsule
# arena is 8 MiB for all live modules.
RESERVE_PAGES = 16
# --board: one page (64 KiB) in all, or the initial size when that is larger
# (no room to grow then), as the boards' capsule arena is 128 KiB for all live
# modules.
BOARD_RESERVE_PAGES = 1
# Registered modules whose functions later modules import (spec_links.c).
LINKED = ("a", "Mf", "Mt", "Mm", "M")
# --board: the QEMU machine of each board (as targets/<board>/qemu.sh), with
# semihosting for the runner's file reads and the UART on stdout.
BOARD_QEMU = {
    "cortex-m4": ["qemu-system-arm", "-M", "mps2-an386"],
    "cortex-m33": ["qemu-system-arm", "-M", "mps2-an505"],
    "rv32imac": ["qemu-system-riscv32", "-M", "virt", "-bios", "none"],
    "xtensa-lx106": ["qemu-system-xtensa", "-M", "lx60-nommu", "-cpu", "lx106"],
}
BOARD_SCRIPT = "board.script"  # targets/common/spec_board.c opens this name


def runtime_headers_hash():
    """Hash of runtime_lib/include: wcap build compiles every module against these headers."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "runtime_lib", "include")
    h = hashlib.sha256()
    for d, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(d, name)
            h.update(os.path.relpath(path, root).encode() + b"\0")
            with open(path, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def hexs(s):
    return s.encode("utf-8", "surrogatepass").hex() if s else "-"


def value_token(v):
    """JSON value -> runner token, or None when wcap cannot express it."""
    t = v["type"]
    if t not in ("i32", "i64", "f32", "f64"):
        return None
    val = v.get("value")
    if val is None:
        return None
    return "%s:%s" % (t, val)


def leb(data, pos):
    """Unsigned LEB128 at data[pos] -> (value, next pos)."""
    val = shift = 0
    while True:
        b = data[pos]
        pos += 1
        val |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return val, pos


def memory_limits(data):
    """(min, max or None) pages of the module's own memory, or None."""
    try:
        pos = 8
        while pos < len(data):
            sid = data[pos]
            size, pos = leb(data, pos + 1)
            if sid == 5:
                count, p = leb(data, pos)
                if count == 0:
                    return None
                flags, p = data[p], p + 1
                lo, p = leb(data, p)
                hi = leb(data, p)[0] if flags & 1 else None
                return lo, hi
            pos += size
    except IndexError:
        pass
    return None


def memory_arg(data, reserve):
    """--memory-max for a module: its declared maximum, capped at `reserve`
    pages (but never below its initial size)."""
    lim = memory_limits(data)
    if lim is None:
        return []
    lo, hi = lim
    pages = reserve if hi is None else min(hi, reserve)
    pages = max(pages, lo)
    if pages == 0 or pages * PAGE > 0xFFFFFFFF:
        return []
    return ["--memory-max", str(pages * PAGE)]


class Spec:
    def __init__(self, args):
        self.a = args
        self.name = os.path.splitext(os.path.basename(args.wast))[0]
        self.work = os.path.join(args.work, self.name)
        self.checks = []          # [line, kind]
        self.result = {}          # line -> None (pass) or reason
        self.skipped = collections.Counter()
        with open(args.wcap, "rb") as f:
            tool = hashlib.sha256(f.read()).hexdigest() + runtime_headers_hash()
        flags = " ".join(self.build_flags())
        self.salt = (tool + flags).encode()

    def build_flags(self):
        # interp: a 64 KiB value stack per module, as the native stack budget of x86_64-posix
        engine = ["--engine", "interp", "--stack", "65536"] if self.a.engine == "interp" else \
            ["--target", self.a.board or "x86_64-posix"]
        return engine + ["--extra-symbols", self.a.extra_symbols,
                "--allow-imports", "spectest"] + [x for m in LINKED for x in ("--allow-imports", m)] + \
            self.a.build_arg

    # ---- wast2json ----
    def convert(self):
        os.makedirs(self.work, exist_ok=True)
        out = os.path.join(self.work, self.name + ".json")
        subprocess.run(["wast2json", self.a.wast, "-o", out], check=True,
                       stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8") as f:
            return json.load(f)["commands"]

    # ---- wcap build, cached by (wasm, tool, flags) hash ----
    def build(self, wasm_name):
        path = os.path.join(self.work, wasm_name)
        with open(path, "rb") as f:
            data = f.read()
        h = hashlib.sha256(self.salt + data).hexdigest()
        blob = os.path.join(self.a.cache, h + ".wcap")
        err = os.path.join(self.a.cache, h + ".err")
        if os.path.exists(blob):
            return blob, None
        if os.path.exists(err):
            with open(err, encoding="utf-8", errors="replace") as f:
                return None, f.read().strip()
        fd, tmp = tempfile.mkstemp(dir=self.a.cache, suffix=".tmp")
        os.close(fd)
        cmd = [self.a.wcap, "build", path, "--key", self.a.key, "-o", tmp,
               "--name", "spec", "--version", "1"] + self.build_flags() + \
            memory_arg(data, BOARD_RESERVE_PAGES if self.a.board else RESERVE_PAGES)
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=BUILD_TIMEOUT)
            rc, out = p.returncode, p.stdout.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            rc, out = -1, "wcap build timed out"
        except OSError as e:
            rc, out = -1, "cannot run wcap: %s" % e
        if rc == 0 and os.path.getsize(tmp) > 0:
            os.replace(tmp, blob)
            return blob, None
        os.unlink(tmp) if os.path.exists(tmp) else None
        lines = [l for l in out.splitlines() if l.strip()]
        msg = "wcap build exit %d: %s" % (rc, lines[-1] if lines else "")
        if rc > 0:  # a refusal is deterministic; a timeout or crash is not cached
            with open(err + ".tmp%d" % os.getpid(), "w", encoding="utf-8") as f:
                f.write(msg + "\n")
            os.replace(err + ".tmp%d" % os.getpid(), err)
        return None, msg

    # ---- script generation ----
    def plan(self, cmds):
        wanted = [c["filename"] for c in cmds if "filename" in c and
                  c.get("module_type", "binary") == "binary"]
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.a.jobs) as ex:
            built = dict(zip(wanted, ex.map(self.build, wanted)))
        script = []
        for c in cmds:
            self.plan_one(c, built, script)
        return script

    def check(self, line, kind, fail=None, pending=False):
        self.checks.append((line, kind))
        if not pending:
            self.result[line] = fail

    def plan_one(self, c, built, script):
        t, line = c["type"], c["line"]
        if t == "module":
            blob, err = built[c["filename"]]
            name = hexs(c.get("name", ""))
            if blob is None:
                self.check(line, t, "not built: " + err)
                script.append("load %d %s -" % (line, name))
            else:
                self.check(line, t, pending=True)
                script.append("load %d %s %s" % (line, name, blob))
        elif t == "register":
            script.append("register %d %s %s" % (line, hexs(c["as"]), hexs(c.get("name", ""))))
        elif t in ("assert_invalid", "assert_malformed", "assert_unlinkable"):
            if c.get("module_type", "binary") != "binary":
                self.skipped["text-format " + t] += 1
                return
            blob, err = built[c["filename"]]
            if blob is None:
                self.check(line, t)
            elif t == "assert_unlinkable":
                self.check(line, t, pending=True)
                script.append("noload %d %s" % (line, blob))
            else:
                self.check(line, t, "wcap build accepted an invalid module")
        elif t == "assert_uninstantiable":
            blob, err = built[c["filename"]]
            if blob is None:
                self.check(line, t, "not built: " + err)
            else:
                self.check(line, t, pending=True)
                script.append("noload %d %s" % (line, blob))
        elif t in ("assert_return", "assert_trap", "assert_exhaustion", "action"):
            self.plan_action(c, script)
        else:
            self.check(line, t, "unknown command " + t)

    def plan_action(self, c, script):
        t, line, act = c["type"], c["line"], c["action"]
        if act["type"] != "invoke":
            self.check(line, t, "unsupported: %s of an exported global (wcap exports functions only)"
                       % act["type"])
            return
        args = [value_token(v) for v in act.get("args", [])]
        # Only assert_return states result values (traps list the types at most).
        exp = [value_token(v) for v in c.get("expected", [])] if t == "assert_return" else []
        if None in args or None in exp:
            self.check(line, t, "unsupported: reference-typed argument or result")
            return
        if "\0" in act["field"]:
            self.check(line, t, "unsupported: export name with a NUL byte (capsule ABI export names are C strings)")
            return
        mode = {"assert_return": "return", "assert_trap": "trap",
                "assert_exhaustion": "exhaustion", "action": "action"}[t]
        toks = ["invoke", str(line), hexs(act.get("module", "")), mode, hexs(act["field"]),
                str(len(args))] + args + [str(len(exp) if mode == "return" else 0)]
        if mode == "return":
            toks += exp
        if mode in ("trap", "exhaustion"):
            toks.append(c.get("text", "").encode().hex() or "-")
        self.check(line, t, pending=True)
        script.append(" ".join(toks))

    # ---- run ----
    def run(self, script):
        path = os.path.join(self.work, self.name + ".script")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(script) + "\n")
        cmd, cwd = [self.a.runner, "--trust", self.a.pub, path], None
        if self.a.board:
            os.replace(path, os.path.join(self.work, BOARD_SCRIPT))
            cmd = BOARD_QEMU[self.a.board] + [
                "-nographic", "-monitor", "none", "-net", "none",
                "-semihosting-config", "enable=on,target=native", "-kernel", self.a.runner]
            cwd = self.work
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, cwd=cwd, timeout=RUN_TIMEOUT)
            out, rc = p.stdout.decode("utf-8", "replace"), p.returncode
            tail = p.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode("utf-8", "replace")
            rc, tail = "timeout", []
        seen = {}
        for l in out.splitlines():
            l = l.rstrip("\r")
            m = re.match(r"^(ok|fail) (\d+)(?: (.*))?$", l)
            if m:
                seen[int(m.group(2))] = None if m.group(1) == "ok" else m.group(3)
        lost = "spec_runner ended early (exit %s) %s" % (rc, " ".join(tail))
        for line, kind in self.checks:
            if line in self.result:  # decided by the driver (build result)
                continue
            self.result[line] = seen[line] if line in seen else lost

    # ---- report ----
    def summary(self):
        failed = sorted(l for l, r in self.result.items() if r is not None)
        total = len(self.checks)
        return total - len(failed), total, failed

    def reasons(self):
        c = collections.Counter()
        for r in self.result.values():
            if r is not None:
                c[re.sub(r"\d+", "N", r)[:110]] += 1
        return c


def read_expected(path, name):
    with open(path, encoding="utf-8") as f:
        for raw in f:
            l = raw.split("#", 1)[0].split()
            if l and l[0] == name:
                passed, total = (int(x) for x in l[1].split("/"))
                fails = set()
                for tok in l[2:]:
                    if tok.startswith("fail="):
                        fails |= {int(x) for x in tok[5:].split(",") if x}
                return passed, total, fails
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for opt in ("wast", "work", "cache", "wcap", "key", "pub", "runner", "extra-symbols"):
        ap.add_argument("--" + opt, required=True)
    ap.add_argument("--expected")
    ap.add_argument("--build-arg", action="append", default=[],
                    help="extra argument for wcap build (repeatable)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--engine", choices=["aot", "interp"], default="aot",
                    help="build native x86_64-posix blobs (aot) or portable interpreted ones")
    ap.add_argument("--board", choices=sorted(BOARD_QEMU),
                    help="build for this board and run --runner (its specrunner.elf) in QEMU")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--list-failures", action="store_true",
                    help="print every failing check's line and reason")
    a = ap.parse_args()
    a.cache, a.runner = os.path.abspath(a.cache), os.path.abspath(a.runner)  # QEMU runs elsewhere
    os.makedirs(a.cache, exist_ok=True)
    for f in (a.wast, a.wcap, a.key, a.pub, a.runner, a.extra_symbols):
        if not os.path.exists(f):
            print("run_spec: error: missing %s" % f, file=sys.stderr)
            return 2

    s = Spec(a)
    script = s.plan(s.convert())
    s.run(script)
    passed, total, failed = s.summary()
    line = "%s %d/%d" % (s.name, passed, total)
    if failed:
        line += " fail=" + ",".join(str(x) for x in failed)
    print("%s: %d/%d passed" % (s.name, passed, total))
    for k, n in sorted(s.skipped.items()):
        print("  skipped %d %s" % (n, k))
    for r, n in s.reasons().most_common():
        print("  %5d x %s" % (n, r))
    if a.list_failures:
        for l in failed:
            print("  line %d: %s" % (l, s.result[l]))
    if a.update:
        print(line)
        return 0
    if not a.expected:
        return 0
    exp = read_expected(a.expected, s.name)
    if exp is None:
        print("REGRESSION: %s has no line in %s; current: %s" % (s.name, a.expected, line))
        return 1
    e_passed, e_total, e_fails = exp
    new_fails = sorted(set(failed) - e_fails)
    if e_total != total:
        print("MISMATCH: expected %d checks, counted %d" % (e_total, total))
        return 1
    if new_fails:
        print("REGRESSION: now failing at lines %s" % ",".join(str(x) for x in new_fails))
        for l in new_fails:
            print("  line %d: %s" % (l, s.result[l]))
        return 1
    if passed > e_passed:
        print("NOTE: %d more checks pass than expected.txt records; update it:\n%s"
              % (passed - e_passed, line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
