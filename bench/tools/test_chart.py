#!/usr/bin/env python3
"""bench.chart: the results chart (bench_report.svg) shows what it must.

On a synthetic result with a program faster than native (0.5x) and one far
slower (40x): every measurement gets its own panel (instructions and wall
time never share an axis) whose title names it, the title names the commit,
a ratio below 1x is drawn left of the 1x line (not clipped to it), and every
bar carries its value as text."""
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import bench_report  # noqa: E402


def fail(msg):
    print("FAIL [bench.chart]: " + msg)
    sys.exit(1)


def main():
    doc = {"target": "cortex-m4", "date": "2026-12-06 20:00 UTC", "git_commit": "abc1234",
           "machine": {"cpu": "test"}, "method": {"instructions": "QEMU -icount shift=0"},
           "programs": [{"name": "fast", "native": 100.0, "aot": 50.0, "interp": 4000.0,
                         "wall": {"native": 10.0, "aot": 6.0}},
                        {"name": "slow", "native": 100.0, "aot": 130.0, "interp": 4000.0,
                         "wall": {"native": 10.0, "aot": 20.0}}]}
    svg = bench_report.svg(doc)
    titles = re.findall(r'font-weight="bold">([^<]*ratio to native[^<]*)<', svg)
    if len(titles) != 2:
        fail("want one panel per measurement (2), got %r" % titles)
    if not ("QEMU -icount" in titles[0] and "wall" not in titles[0] and titles[1].startswith("wall time")):
        fail("panel titles do not each name one measurement: %r" % titles)
    if "commit abc1234" not in svg:
        fail("the title does not name the commit")
    one = [float(m) for m in re.findall(r'<line x1="([\d.]+)"[^>]*stroke="#222"', svg)]
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*><title>([^<]*)</title>', svg)
    labels = re.findall(r'font-size="8" fill="#333">([^<]*)<', svg)
    if len(one) != 2 or len(bars) != 9 or len(labels) != len(bars):
        fail("1x lines %d (want 2), bars %d (want 9), value labels %d" % (len(one), len(bars), len(labels)))
    half = [b for b in bars if b[2].endswith(": 0.50x")]
    if len(half) != 1 or not float(half[0][0]) + float(half[0][1]) <= one[0] + 0.5 or float(half[0][1]) < 20:
        fail("the 0.50x bar does not reach left of the 1x line: %r (1x at %s)" % (half, one))
    for want in ("0.50x", "40.00x", "0.60x", "2.00x"):
        if want not in labels:
            fail("no value label %s in %r" % (want, labels))
    print("bench.chart: 2 panels, %d labelled bars, 0.50x drawn left of 1x" % len(bars))


if __name__ == "__main__":
    main()
