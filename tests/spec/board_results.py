#!/usr/bin/env python3
"""Writes the per-board spec results of docs/spec-boards.md from the
expected_board_<board>.txt files (regen_expected.sh BUILD_DIR BOARD) and
reasons_board.txt: totals per board, passed/total per file and board, then
every board-specific failure with its reason. Replaces the text between the
page's "board-results" markers.

  python3 tests/spec/board_results.py [--check]   (--check: exit 1 if the page is stale)
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BOARDS = ("cortex-m4", "cortex-m33", "rv32imac", "xtensa-lx106")
BEGIN, END = "<!-- board-results begin -->", "<!-- board-results end -->"


def read(board):
    """name -> (passed, total) from expected_board_<board>.txt, or {}."""
    return read_file(os.path.join(HERE, "expected_board_%s.txt" % board))


def read_file(path):
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
    out += ["", "| file | x86_64 | " + " | ".join(BOARDS) + " |", "|---" * (len(BOARDS) + 2) + "|"]
    x86 = read_file(os.path.join(HERE, "expected.txt"))
    for n in names:
        cells = []
        for b in BOARDS:
            v = data[b].get(n)
            cells.append("-" if v is None else ("%d/%d" % v) if v[0] == v[1] else "**%d/%d**" % v)
        v = x86.get(n)
        xc = "-" if v is None else ("%d/%d" % v) if v[0] == v[1] else "**%d/%d**" % v
        out.append("| %s | %s | %s |" % (n, xc, " | ".join(cells)))
    out += ["", "Failures beyond x86_64's (whose reasons, tests/spec/reasons.txt, hold on the boards too):", "",
            "| board | file | passed | reason |", "|---|---|---|---|"]
    why = reasons()
    for n in names:
        for b in BOARDS:
            v, xv = data[b].get(n), x86.get(n)
            if v is None or xv is None or v[0] >= xv[0]:
                continue
            r = why.get((b, n)) or why.get(("*", n)) or "(no reason recorded)"
            out.append("| %s | %s | %d/%d (x86_64 %d) | %s |" % (b, n, v[0], v[1], xv[0], r))
    return "\n".join(out)


def reasons():
    """(board or "*", name) -> reason, from reasons_board.txt."""
    res = {}
    with open(os.path.join(HERE, "reasons_board.txt"), encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#") or not raw.strip():
                continue
            b, n, r = raw.rstrip("\n").split(" ", 2)
            res[(b, n)] = r
    return res


def main():
    readme = os.path.join(HERE, "..", "..", "docs", "spec-boards.md")
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
