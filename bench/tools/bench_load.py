"""Load cost of a benchmark's AOT blob: the instructions the device loader spends
on it from the first byte to a ready instance, with the signature check apart.

x86_64-posix: callgrind over `wcap-exec` (the posix port's loader and runtime),
inclusive instructions of
    wcap_ldr_verify_signature   ECDSA P-256 over the header's digest (mbedtls)
    wcap_ldr_begin + wcap_ldr_feed  header, manifest, signature block, payload:
                                image copy, SHA-256, import linking, relocations
    wcap_ldr_finish             digest compare, init + instantiate
Boards: targets/tools/measure_load.sh, the loadbench firmware under -icount
shift=0 (targets/common/bench_load.c: the same phases, 64-byte feeds).

Result: {"unit", "blob_bytes", "signature", "other", "total"}: "signature" is the
ECDSA check, "other" everything else (verify, relocate, link, init), "total" both.
"""
import re
import subprocess

import bench_build

LOADER_FUNCS = ("wcap_ldr_begin", "wcap_ldr_feed", "wcap_ldr_finish", "wcap_ldr_verify_signature")
# "18,509,498 (92.15%)  /path/stream.c:wcap_ldr_feed [/path/wcap-exec]" (not a "=>" call line)
ANNOTATE_LINE = re.compile(r"^\s*([\d,]+) \([^)]*\)\s+[^=\s]\S*:(%s) \[" % "|".join(LOADER_FUNCS))
BOARD_LINE = re.compile(r"^wcap bench load: (.*) end$", re.M)


class LoadError(Exception):
    pass


def host_load_cost(tools, blob, workdir):
    """Loads and runs `blob` once under callgrind (export run, scale 1)."""
    out = workdir / "load.callgrind"
    r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=%s" % out, str(tools.wcap_exec),
                        str(blob), "--trust", str(tools.pub), "--export", "run", "1"],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise LoadError("wcap-exec %s under callgrind failed: %s" % (blob, r.stderr[-300:]))
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(out)],
                         capture_output=True, text=True, timeout=120)
    cost = {}
    for line in ann.stdout.splitlines():
        m = ANNOTATE_LINE.match(line)
        if m and m.group(2) not in cost:
            cost[m.group(2)] = int(m.group(1).replace(",", ""))
    out.unlink()
    missing = [f for f in LOADER_FUNCS if f not in cost]
    if missing:
        raise LoadError("callgrind has no cost for %s" % ", ".join(missing))
    total = cost["wcap_ldr_begin"] + cost["wcap_ldr_feed"] + cost["wcap_ldr_finish"]
    sig = cost["wcap_ldr_verify_signature"]
    return {"unit": "instructions (callgrind, inclusive)", "blob_bytes": blob.stat().st_size,
            "signature": sig, "other": total - sig, "total": total}


def board_load_cost(build_dir, blob, target):
    """Loads `blob` with the board's loadbench firmware (trusting build_dir's dev key)."""
    script = bench_build.BENCH.parent / "targets" / "tools" / "measure_load.sh"
    r = subprocess.run(["bash", str(script), str(build_dir), str(blob), target], capture_output=True, text=True,
                       timeout=600)
    m = BOARD_LINE.search(r.stdout)
    if not m:
        raise LoadError("measure_load.sh %s %s: no result line: %s" % (target, blob, (r.stdout + r.stderr)[-300:]))
    f = dict(kv.split("=", 1) for kv in m.group(1).split() if "=" in kv)
    if f.get("rc") != "0":
        raise LoadError("loadbench %s refused %s (rc %s)" % (target, blob, f.get("rc")))
    sig = int(f["verify_instr"])
    total = int(f["total_instr"])
    return {"unit": "instructions (QEMU -icount shift=0, board ticks)", "blob_bytes": int(f["blob_bytes"]),
            "signature": sig, "other": total - sig, "total": total}
