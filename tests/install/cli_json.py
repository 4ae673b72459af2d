#!/usr/bin/env python3
"""cli.json: --json of build, verify, info, ls, push, call, run, stop and rm
prints one JSON value on stdout (parsed here), with names for targets, engines,
states and capabilities, and the same exit codes as without --json; against a
fresh wcapd over the serial protocol and again over CoAP-over-DTLS (the same
JSON whatever the transport).

    cli_json.py WCAP WCAPD KEYDIR EXDIR WORK
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

wcap, wcapd, keydir, exdir, work = sys.argv[1:6]
os.makedirs(work, exist_ok=True)
tmp = tempfile.mkdtemp(dir=work, prefix="cli_json.")
env = dict(os.environ, WCAP_IDENTITY="dev-admin", WCAP_PSK_FILE=os.path.join(keydir, "dev-admin.psk"))
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, code=0):
    p = subprocess.run([wcap, *args], capture_output=True, text=True, env=env, timeout=120)
    check(p.returncode == code, f"wcap {' '.join(args)}: exit {p.returncode}, expected {code}; stderr: {p.stderr.strip()}")
    try:
        value = json.loads(p.stdout)
    except ValueError as e:
        check(False, f"wcap {' '.join(args)}: stdout is not one JSON value ({e}): {p.stdout!r}")
        value = None
    # the same check as `python3 -m json.tool`
    t = subprocess.run([sys.executable, "-m", "json.tool"], input=p.stdout, capture_output=True, text=True)
    check(t.returncode == 0, f"wcap {' '.join(args)}: python3 -m json.tool refuses the output")
    return value


hello_wasm = os.path.join(exdir, "hello.wasm")
faults = os.path.join(exdir, "x86_64-posix", "faults.wcap")
key, pub = os.path.join(keydir, "dev.key"), os.path.join(keydir, "dev.pub")
blob = os.path.join(tmp, "hello.wcap")

b = run("build", hello_wasm, "--target", "x86_64-posix", "--key", key, "-o", blob, "--name", "hello",
        "--memory-max", "8192", "--cap", "log", "--json")
if b:
    check(b.get("output") == blob and b.get("name") == "hello" and b.get("version") == 1, f"build: {b}")
    check(b.get("target") == "x86_64-posix" and b.get("engine") == "aot", f"build target/engine: {b}")
    check(b.get("caps") == ["log"] and isinstance(b.get("size"), int) and b["size"] == os.path.getsize(blob),
          f"build caps/size: {b}")
v = run("verify", blob, "--pub", pub, "--json")
check(v == {"blob": blob, "valid": True}, f"verify: {v}")
other = os.path.join(tmp, "other")
subprocess.run([wcap, "keygen", "--out", other], check=True, capture_output=True)
v = run("verify", blob, "--pub", other + ".pub", "--json", code=10)
check(v is not None and v.get("valid") is False and v.get("error"), f"verify with another key: {v}")


def free_udp_port():
    import socket
    so = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    so.bind(("127.0.0.1", 0))
    port = so.getsockname()[1]
    so.close()
    return port


def device_checks(conn):
    """The device commands' JSON over one transport (conn: ["--port", P] or ["--coap", URI])."""
    i = run("info", *conn, "--json")
    if i:
        check(i.get("target") == "x86_64-posix", f"info target {conn}: {i}")
        check(i.get("engines") in (["aot"], ["aot", "interp"]), f"info engines {conn}: {i}")
        check(isinstance(i.get("granted_caps"), list) and "log" in i["granted_caps"], f"info caps {conn}: {i}")
        check(all(isinstance(i.get(k), int) for k in ("ram_free", "ram_total", "slots_free", "abi_version")),
              f"info numbers {conn}: {i}")
        check(isinstance(i.get("trusted_keys"), list) and len(i["trusted_keys"]) == 1, f"info keys {conn}: {i}")
    check(run("ls", *conn, "--json") == [], f"ls of an empty device is not [] {conn}")
    p = run("push", blob, *conn, "--json")
    check(p == {"installed": "hello", "version": 1, "target": "x86_64-posix"}, f"push {conn}: {p}")
    l = run("ls", *conn, "--json")
    check(isinstance(l, list) and len(l) == 1 and l[0].get("name") == "hello" and l[0].get("version") == 1
          and l[0].get("state") in ("ready", "running"), f"ls {conn}: {l}")
    c = run("call", "hello", "run", *conn, "--json")
    check(c is not None and c.get("results") == [42] and c.get("capsule") == "hello" and c.get("export") == "run"
          and "hello from wcap" in c.get("output", []), f"call {conn}: {c}")
    r = run("run", blob, *conn, "--json")
    check(r is not None and r.get("results") == [42] and "hello from wcap" in r.get("output", []), f"run {conn}: {r}")
    t = run("run", faults, "--export", "oob", *conn, "--json", code=15)
    check(t is not None and t.get("trap") and "results" not in t, f"run of a trapping export {conn}: {t}")
    s = run("stop", "hello", *conn, "--json")
    check(s == {"stopped": "hello"}, f"stop {conn}: {s}")
    s = run("rm", "hello", *conn, "--json")
    check(s == {"removed": "hello"}, f"rm {conn}: {s}")
    # refused by the device: the message on stderr, exit 14, nothing on stdout
    q = subprocess.run([wcap, "call", "nosuch", "run", *conn, "--json"], capture_output=True, text=True,
                       env=env, timeout=60)
    check(q.returncode == 14 and q.stdout.strip() == "" and "error: device:" in q.stderr,
          f"call of a missing capsule {conn}: {q}")


# The same checks over the serial protocol and over CoAP-over-DTLS: one output whatever the transport.
cport = free_udp_port()
for conn_kind in ("serial", "coaps"):
    listen = ["--serial", "tcp:127.0.0.1:0"] if conn_kind == "serial" else ["--coaps", f"udp:127.0.0.1:{cport}"]
    store = os.path.join(tmp, "store-" + conn_kind)
    dev = subprocess.Popen([wcapd, *listen, "--trust", pub, "--clients", os.path.join(keydir, "clients.txt"),
                            "--store", store], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = dev.stdout.readline()
        check(line.startswith("wcapd ready"), f"wcapd ready line: {line!r}")
        if conn_kind == "serial":
            m = re.search(r"port=(tcp:\S+)", line)
            conn = ["--port", m.group(1) if m else "tcp:127.0.0.1:1"]
        else:
            conn = ["--coap", f"coaps://127.0.0.1:{cport}"]
        device_checks(conn)
    finally:
        dev.kill()
        dev.wait()
# no device: the error on stderr, nothing on stdout
q = subprocess.run([wcap, "ls", "--coap", "coap://127.0.0.1:1", "--json", "--timeout", "500"], capture_output=True,
                   text=True, env=env, timeout=60)
check(q.returncode in (12, 13) and q.stdout == "" and "error" in q.stderr, f"ls --json without a device: {q}")
subprocess.run(["rm", "-rf", tmp])
if failures:
    sys.exit(1)
print("PASS cli.json")
