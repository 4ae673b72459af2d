#!/usr/bin/env python3
"""style.layers: the arrows of docs/architecture.md, read off the tree.

1. Includes point down. Every quoted #include of a component's files is
   resolved to the file it names; the component that owns that file must be
   the same component, one below it on the same side (device or host), or one
   of the crossings listed in CROSSINGS with the reason it is allowed.
2. No circles inside a component: a file calls functions defined in another
   file of its folder only if that file does not (directly or through others)
   call back. Function definitions and calls are read with regular
   expressions, which is enough for this code base's one-definition-per-line
   style; a missed definition can only hide an edge, never invent one, so the
   check is exercised on a small built-in example first (self_test).

Exit 0 when both hold; else one line per finding and exit 1.
"""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# (folder, side, rank): a file may use components of its side with a rank no
# higher than its own; "shared" is below both sides.
COMPONENTS = [
    ("format", "shared", 0),
    ("proto", "shared", 0),
    ("runtime_lib", "device", 1),
    ("loader", "device", 2),
    ("interp", "device", 3),
    ("device", "device", 4),
    ("targets", "device", 5),
    ("host/common", "host", 1),
    ("host/compiler", "host", 2),
    ("host/client", "host", 3),
    ("host/cli", "host", 4),
]

# Crossings between the two sides, each with why (user prefix, owned file).
CROSSINGS = {
    # The host client speaks the device's frame layer and request MAC: one
    # implementation of the wire, compiled for both sides.
    ("host/client", "device/include/wcap/dev/frame.h"),
    ("host/client", "device/include/wcap/dev/crc32.h"),
    ("host/client", "device/include/wcap/dev/cobs.h"),
    ("host/client", "device/include/wcap/dev/auth.h"),
    ("host/common", "device/include/wcap/dev/auth.h"),
    # wcapd is a Linux process: it reads the clients file and prints --version
    # like the host tool does.
    ("targets/posix", "host/common/clients_file.h"),
    ("targets/posix", "host/common/host_io.h"),
    ("targets/posix", "host/common/host_version.h"),
    # A build-time tool (runs on the workstation) that turns the clients file into C for a firmware.
    ("targets/tools", "host/common/clients_file.h"),
}

SKIP_DIRS = {".git", ".deps", "build", "tests", "bench", "examples", "sdk", "docs", "scripts", "cmake"}


def component_of(rel):
    best = None
    for folder, side, rank in COMPONENTS:
        if rel == folder or rel.startswith(folder + "/"):
            if best is None or len(folder) > len(best[0]):
                best = (folder, side, rank)
    return best


def tree_files():
    out = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        rel_dir = os.path.relpath(dirpath, ROOT)
        dirnames[:] = [d for d in dirnames if not (rel_dir == "." and (d in SKIP_DIRS or d.startswith("build")))]
        for f in filenames:
            if f.endswith((".c", ".h", ".def")):
                out.append(os.path.normpath(os.path.join(rel_dir, f)))
    return out


def resolve(user, name, by_suffix):
    """The file an #include "name" in `user` means: next to it, else the one file of the tree ending in /name."""
    local = os.path.normpath(os.path.join(os.path.dirname(user), name))
    if local in by_suffix.get(os.path.basename(name), ()):
        return local
    cands = [p for p in by_suffix.get(os.path.basename(name), ()) if p == name or p.endswith("/" + name)]
    if not cands:
        return None  # generated (device.pb.h, wcap_version_gen.h) or a library's header
    same = [p for p in cands if component_of(p) == component_of(user)]
    if len(same) == 1:
        return same[0]
    return cands[0] if len(cands) == 1 else None


def allowed(user, owned):
    u, o = component_of(user), component_of(owned)
    if o is None or u is None or u[0] == o[0] or o[1] == "shared":
        return True
    if u[1] == o[1]:
        return o[2] <= u[2]
    return any(user.startswith(p + "/") and owned == f for p, f in CROSSINGS)


def include_findings(files):
    by_suffix = {}
    for p in files:
        by_suffix.setdefault(os.path.basename(p), []).append(p)
    findings = []
    for p in files:
        if component_of(p) is None:
            continue
        with open(os.path.join(ROOT, p), encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, 1):
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                owned = resolve(p, m.group(1), by_suffix)
                if owned is not None and not allowed(p, owned):
                    findings.append(f"{p}:{n}: includes {owned} ({component_of(owned)[0]} is not below "
                                    f"{component_of(p)[0]})")
    return findings


DEF_RE = re.compile(r"^(?!static\b)[A-Za-z_][\w \*]*?\b(\w+)\s*\([^;{]*\)\s*\{", re.M)


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))


def call_graph(sources):
    """sources: {file: text}. Edges file -> files whose non-static functions it calls."""
    defs = {}
    for f, text in sources.items():
        for m in DEF_RE.finditer(text):
            defs[m.group(1)] = f
    edges = {f: set() for f in sources}
    for f, text in sources.items():
        for name, owner in defs.items():
            if owner != f and re.search(r"\b" + name + r"\s*\(", text):
                edges[f].add(owner)
    return edges


def circles(edges):
    """One representative circle per strongly connected set of files (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                out.append(sorted(scc))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def circle_findings(files):
    folders = {}
    for p in files:
        if p.endswith(".c") and component_of(p) is not None:
            folders.setdefault(os.path.dirname(p), []).append(p)
    findings = []
    for folder, cs in sorted(folders.items()):
        srcs = {}
        for p in cs:
            with open(os.path.join(ROOT, p), encoding="utf-8", errors="replace") as fh:
                srcs[os.path.basename(p)] = strip_comments(fh.read())
        for scc in circles(call_graph(srcs)):
            findings.append(f"{folder}/: files that call each other in a circle: {', '.join(scc)}")
    return findings


def self_test():
    """The checks find what they must: a planted circle and a planted upward include."""
    srcs = {"a.c": "int a_f(void)\n{\n    return b_f();\n}\n", "b.c": "int b_f(void)\n{\n    return c_f();\n}\n",
            "c.c": "int c_f(void)\n{\n    return a_f();\n}\n", "d.c": "static int d(void)\n{\n    return a_f();\n}\n"}
    assert circles(call_graph(srcs)) == [["a.c", "b.c", "c.c"]], circles(call_graph(srcs))
    assert not allowed("runtime_lib/src/x.c", "loader/include/wcap/loader.h")
    assert allowed("loader/src/x.c", "runtime_lib/include/wcap/rt.h")
    assert not allowed("host/compiler/x.c", "host/client/link.h")
    assert not allowed("host/compiler/x.c", "device/include/wcap/dev/frame.h")
    assert allowed("host/client/x.c", "device/include/wcap/dev/frame.h")
    assert allowed("device/x.c", "format/include/wcap/errors.h")


def main():
    self_test()
    files = tree_files()
    findings = include_findings(files) + circle_findings(files)
    for f in findings:
        print(f)
    n_inc = sum(1 for p in files if component_of(p))
    print(f"style.layers: {n_inc} files of {len(COMPONENTS)} components read, {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
