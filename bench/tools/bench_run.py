"""Runs one form of a benchmark program and measures it.

Forms (x86_64):  native   bench-NAME SCALE
                 aot      wcap-exec BLOB --trust PUB --export run SCALE
                 interp   wcap-exec NAME.interp.wcap --trust PUB --export run SCALE
                          (wcap's own interpreter, `wcap build --engine interp`)
                 wabt     wasm-interp NAME.interp-SCALE.wasm --run-all-exports
                 node     node run_wasm.cjs NAME.wasm SCALE
Every form reports bench_run's return value; 0 means the self-check passed.

Measures: instructions by callgrind (deterministic) and wall time (median of
several runs); both differenced between two scales so start-up (process,
loader, signature check, JIT, program set-up and self-check) cancels out.
"""
import os
import pathlib
import re
import resource
import shutil
import statistics
import subprocess
import time

import bench_build

TOOLS_DIR = pathlib.Path(__file__).resolve().parent
RUN_TIMEOUT = 600


class RunError(Exception):
    pass


class Tools:
    """Where the project's tools are, and which forms can run here."""

    def __init__(self, build_dir):
        b = pathlib.Path(build_dir).resolve()
        self.build_dir = b
        self.wcap = b / "bin" / "wcap"
        self.wcap_exec = b / "bin" / "wcap-exec"
        self.key = b / "keys" / "dev.key"
        self.pub = b / "keys" / "dev.pub"
        self.node = shutil.which("node")
        self.wasm_interp = shutil.which("wasm-interp")
        self.valgrind = shutil.which("valgrind")

    def aot_missing(self):
        """None when the AOT form can run, else why not."""
        for p in (self.wcap, self.wcap_exec):
            if not os.access(p, os.X_OK):
                return "%s not built" % p
        for p in (self.key, self.pub):
            if not p.exists():
                return "%s missing" % p
        return None


def _last_int(text, what):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    if not lines or not re.fullmatch(r"-?\d+", lines[-1].strip()):
        raise RunError("%s: last output line is not a result: %r" % (what, text[-300:]))
    return int(lines[-1])


def command(form, prog, scale, tools):
    """The command line that runs `form` of a built program at `scale`.
    prog is a dict of built artefacts: exe, wasm, blob."""
    if form == "native":
        return [prog["exe"], str(scale)]
    if form == "aot":
        return [tools.wcap_exec, prog["blob"], "--trust", tools.pub, "--export", "run", str(scale)]
    if form == "interp":
        return [tools.wcap_exec, prog["iblob"], "--trust", tools.pub, "--export", "run", str(scale)]
    if form == "wabt":
        return [tools.wasm_interp, bench_build.interp_module(prog["wasm"], scale), "--run-all-exports"]
    if form == "node":
        return [tools.node, TOOLS_DIR / "run_wasm.cjs", prog["wasm"], str(scale)]
    raise ValueError(form)


def parse_result(form, stdout):
    """bench_run's return value from a form's output."""
    if form == "wabt":
        m = re.search(r"bench_entry\(\) => i32:(-?\d+)", stdout)
        if not m:
            raise RunError("wasm-interp: no result in output: %r" % stdout[-300:])
        return int(m.group(1))
    return _last_int(stdout, form)


def run_once(form, prog, scale, tools):
    """Runs a form once; returns (result, seconds). Raises RunError when the
    process fails for another reason than a failed self-check."""
    cmd = [str(c) for c in command(form, prog, scale, tools)]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    dt = time.perf_counter() - t0
    try:
        result = parse_result(form, r.stdout)
    except RunError as e:
        raise RunError("%s (exit %d, stderr: %s)" % (e, r.returncode, r.stderr.strip()[-300:]))
    return result, dt


def callgrind_instructions(form, prog, scale, tools):
    """Guest instructions executed by one run, counted by callgrind."""
    cmd = [tools.valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    cmd += [str(c) for c in command(form, prog, scale, tools)]
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=3 * RUN_TIMEOUT)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if not m:
        raise RunError("callgrind: no count for %s: %s" % (form, r.stderr[-400:]))
    result = parse_result(form, r.stdout)
    if result != 0:
        raise RunError("%s self-check failed under callgrind (result %d)" % (form, result))
    return int(m.group(1))


def instructions_per_unit(form, prog, tools, s1, s2):
    """(count(s2) - count(s1)) / (s2 - s1): instructions per unit of work."""
    c1 = callgrind_instructions(form, prog, s1, tools)
    c2 = callgrind_instructions(form, prog, s2, tools)
    return (c2 - c1) / (s2 - s1)


def _time_one(form, prog, scale, tools, cpu=None):
    """Wall seconds of one run; appends the child's CPU seconds (user+sys) to cpu."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result, dt = run_once(form, prog, scale, tools)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result != 0:
        raise RunError("%s self-check failed at scale %d (result %d)" % (form, scale, result))
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return dt


def _median_time(form, prog, scale, tools, runs):
    return statistics.median(_time_one(form, prog, scale, tools) for _ in range(runs))


def wall_ns_per_unit(form, prog, tools, runs=5, target_s=0.3, max_scale=100000):
    """Wall time per unit in ns, differenced between scale 1 and scale k.

    k is grown (medians of 3, extrapolating from the last step) until one
    run at scale k takes target_s longer than at scale 1. Then `runs` pairs
    (scale 1, scale k) run interleaved, so drift in machine load hits both
    sides alike, and the median of the pairwise differences is returned.
    Returns (wall ns, CPU ns, k); a value is None when its difference is not
    positive (pure noise). CPU time (user+sys of the child) is recorded too:
    on this shared machine other jobs inflate wall time, not CPU time."""
    t1 = _median_time(form, prog, 1, tools, 3)
    k = 2
    while True:
        tk = _median_time(form, prog, k, tools, 3)
        if tk - t1 >= target_s or k >= max_scale:
            break
        per_unit = max((tk - t1) / (k - 1), 1e-9)
        k = min(max(2 * k, int(1.2 * target_s / per_unit) + 1), 16 * k, max_scale)
    diffs, cpu_diffs = [], []
    for _ in range(runs):
        ca, cb = [], []
        a = _time_one(form, prog, 1, tools, ca)
        b = _time_one(form, prog, k, tools, cb)
        diffs.append(b - a)
        cpu_diffs.append(cb[0] - ca[0])
    per_unit = lambda d: d / (k - 1) * 1e9 if d > 0 else None  # noqa: E731
    return per_unit(statistics.median(diffs)), per_unit(statistics.median(cpu_diffs)), k


def native_stack_peak(prog):
    """Peak stack bytes of bench_run natively (painted private stack)."""
    r = subprocess.run([str(prog["exe"]), "1", "--stack"], capture_output=True, text=True,
                       timeout=RUN_TIMEOUT)
    m = re.search(r"stack_peak (\d+)", r.stdout)
    if not m or r.returncode != 0:
        raise RunError("stack probe failed: %s %s" % (r.stdout, r.stderr))
    return int(m.group(1))


def aot_stack_peak(prog, tools, scale=1):
    """Peak native stack bytes of the AOT export call: wcap-exec --stack-peak
    (runtime_lib paints the call's stack budget and finds the deepest
    overwritten word). The run's self-check must pass."""
    cmd = [str(c) for c in command("aot", prog, scale, tools)] + ["--stack-peak"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    m = re.search(r"^stack_peak (\d+) budget (\d+)$", r.stderr, re.M)
    if r.returncode != 0 or not m or parse_result("aot", r.stdout) != 0:
        raise RunError("aot stack probe failed (exit %d): %s %s" % (r.returncode, r.stdout[-300:],
                                                                     r.stderr[-300:]))
    return int(m.group(1))
