#!/usr/bin/env python3
"""Writes the per-board results table of tests/spec/README.md from the
expected_board_<board>.txt files (regen_expected.sh BUILD_DIR BOARD): totals
per board, then passed/total per file and board. Replaces the text between
the README's "board-results" markers.

  python3 tests/spec/board_results.py [--check]   (--check: exit 1 if the README is stale)
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BOARDS = ("cortex-m4", "cortex-m33", "rv32imac", "xtensa-lx106")
BEGIN, END = "<!-- board-results begin -->", "<!-- board-results end -->"


def read(board):
    """name -> (passed, total) from expected_board_<board>.txt, or {}."""
    path = os.path.join(HERE, "expected_board_%s.txt" % board)
    res = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for raw in f:
                l = raw.split("#", 1)[0].split()
                if l:
                    p, t = l[1].split("/")
                    res[l[0]] = (int(p), int(t))
    return res


def table():
    data = {b: read(b) for b in BOARDS}
    names = sorted({n for d in data.values() for n in d})
    out = ["| board | files run | files all passing | checks passed |", "|---|---|---|---|"]
    for b in BOARDS:
        d = data[b]
        p = sum(v[0] for v in d.values())
        t = sum(v[1] for v in d.values())
        full = sum(1 for v in d.values() if v[0] == v[1])
        out.append("| %s | %d | %d | %d of %d |" % (b, len(d), full, p, t))
    out += ["", "| file | " + " | ".join(BOARDS) + " |", "|---" * (len(BOARDS) + 1) + "|"]
    for n in names:
        cells = []
        for b in BOARDS:
            v = data[b].get(n)
            cells.append("-" if v is None else ("%d/%d" % v) if v[0] == v[1] else "**%d/%d**" % v)
        out.append("| %s | %s |" % (n, " | ".join(cells)))
    return "\n".join(out)


def main():
    readme = os.path.join(HERE, "README.md")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    m = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), text, re.S)
    if m is None:
        print("board_results: no %s ... %s in %s" % (BEGIN, END, readme), file=sys.stderr)
        return 2
    new = text[:m.start()] + BEGIN + "\n" + table() + "\n" + END + text[m.end():]
    if "--check" in sys.argv[1:]:
        return 0 if new == text else 1
    with open(readme, "w", encoding="utf-8") as f:
        f.write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
