"""Native form of the benchmarks on the QEMU boards, and their code sizes.

The program is compiled at -O2 by the target's compiler with its flags from
host/compiler/targets.def (what `wcap build` uses: clang-14, or GCC where Debian's
clang has no back end; minus the constraints of the AOT packer, -mno-movt on
Arm and -mlongcalls on Xtensa, whose cost belongs to the AOT form), linked
bare-metal with picolibc (semihosting for output and exit) by the target's GCC
driver, and run by bench/boards/board_main.c under `-icount shift=0`: one guest
instruction per nanosecond of virtual time, so the board counters count
instructions deterministically (see board_main.c).

Everything that differs between the boards is in BOARDS:
    cc          the C compiler of the native form (default clang-14)
    cflags      its target flags; defs: board_main.c's counter settings
    libc        picolibc's headers for board_main.c and the board sources
    board_srcs  bench/boards/ sources linked into every program
    gcc, link   the GCC driver linking the ELF, and its picolibc options
    build_libs  libraries of the project build linked too (paths in BUILD_DIR)
    flash, ram  where the ELF goes (picolibc.ld's __flash and __ram)
    qemu        the QEMU machine; size: the size tool for code sizes
"""
import pathlib
import re
import subprocess

import bench_build

BOARDS = {
    "cortex-m4": {
        "cflags": ["--target=thumbv7em-none-eabihf", "-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16",
                   "-mfloat-abi=hard", "-mthumb", "-fshort-enums", "-fomit-frame-pointer"],
        "defs": ["-DBENCH_TIMER_BASE=0x40000000u", "-DBENCH_COUNTER_INSNS=40u"],  # CMSDK timer0, 25 MHz
        "libc": "/usr/lib/picolibc/arm-none-eabi/include",
        "gcc": ["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"],
        "flash": 0x00000000, "ram": 0x20000000,
        "qemu": ["qemu-system-arm", "-M", "mps2-an386"],
        "size": "llvm-size-14",
        "board_srcs": ["aeabi_mem.c"],
    },
    "cortex-m33": {
        "cflags": ["--target=thumbv8m.main-none-eabihf", "-mcpu=cortex-m33", "-mfpu=fpv5-sp-d16",
                   "-mfloat-abi=hard", "-mthumb", "-fshort-enums", "-fomit-frame-pointer"],
        # Secure alias of CMSDK timer0 (the board boots Secure), 20 MHz
        "defs": ["-DBENCH_TIMER_BASE=0x50000000u", "-DBENCH_COUNTER_INSNS=50u"],
        "libc": "/usr/lib/picolibc/arm-none-eabi/include",
        "gcc": ["arm-none-eabi-gcc", "-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"],
        "flash": 0x10000000, "ram": 0x38000000,
        "qemu": ["qemu-system-arm", "-M", "mps2-an505"],
        "size": "llvm-size-14",
        "board_srcs": ["aeabi_mem.c"],
    },
    "rv32imac": {
        "cflags": ["--target=riscv32-unknown-elf", "-march=rv32imac", "-mabi=ilp32", "-mcmodel=medany",
                   "-mno-relax", "-msmall-data-limit=0"],
        "defs": [],  # minstret counts instructions
        "libc": "/usr/lib/picolibc/riscv64-unknown-elf/include",
        "gcc": ["riscv64-unknown-elf-gcc", "-march=rv32imac", "-mabi=ilp32", "-mcmodel=medany"],
        "flash": 0x80000000, "ram": 0x80100000,
        "qemu": ["qemu-system-riscv32", "-M", "virt", "-bios", "none"],
        "size": "llvm-size-14",
    },
    "xtensa-lx106": {
        # Debian's clang-14 has no Xtensa back end: GCC, as `wcap build` uses.
        # call0 ABI and soft float are its defaults; -mtext-section-literals as
        # in targets.def (literals counted with their function's .text).
        "cc": "xtensa-lx106-elf-gcc",
        "cflags": ["-mtext-section-literals", "-isystem", "/usr/lib/xtensa-lx106-elf/include"],
        "defs": ["-DBENCH_COUNTER_INSNS=25u"],  # CCOUNT at 40 MHz (targets/xtensa-lx106/xtfpga.h)
        "libc": "/usr/lib/xtensa-lx106-elf/include",
        # picolibc has no semihosting for the LX106: start, output and exit are here
        "board_srcs": ["xtensa_sim.c"],
        "gcc": ["xtensa-lx106-elf-gcc", "-mtext-section-literals"],
        "link": ["--specs=/usr/lib/xtensa-lx106-elf/picolibc.specs", "-nostartfiles",
                 "-T", bench_build.BENCH / "boards" / "xtensa.ld"],
        # The libgcc routines Debian's lx106 libgcc lacks (32-bit division, soft
        # float), as the firmware builds them (targets/xtensa-lx106/libgcc/)
        "build_libs": ["targets/xtensa-lx106/libfw_libgcc.a"],
        "flash": 0x50000000, "ram": 0x60000000,  # sysrom0 (the reset address), sysram0
        "qemu": ["qemu-system-xtensa", "-M", "lx60-nommu", "-cpu", "lx106"],
        "size": "xtensa-lx106-elf-size",
        "native_method": "xtensa-lx106-elf-gcc -O2 with the target's wcap flags minus -mlongcalls (call0 ABI, "
                         "soft float), bare metal, picolibc; start, output and exit by bench/boards/xtensa_sim.c "
                         "(SIMCALL semihosting); the firmware's libgcc routines (division, soft float)",
    },
}
PICOLIBC_SEMIHOST = ["--specs=picolibc.specs", "--oslib=semihost", "--crt0=semihost"]
QEMU_TIMEOUT = 600


def board_elf(out_dir, name, target, build_dir):
    """Bare-metal executable of one program for `target`; returns (elf, objects).
    build_dir: the project build (for the board's build_libs)."""
    b = BOARDS[target]
    libs = [pathlib.Path(build_dir) / l for l in b.get("build_libs", [])]
    missing = [str(l) for l in libs if not l.exists()]
    if missing:
        raise bench_build.BuildError("%s not built (the firmware build makes it)" % " ".join(missing))
    cc = b.get("cc", bench_build.CLANG)
    d = out_dir / "board"
    objs = bench_build.native_objects(d, name, b["cflags"], cc)
    main_o = d / "board_main.o"
    bench_build.run([cc, *bench_build.OPT, *bench_build.WARN, *b["cflags"], *b["defs"],
                     "-isystem", b["libc"], "-I", bench_build.HARNESS, '-DBENCH_NAME="%s"' % name,
                     "-c", bench_build.BENCH / "boards" / "board_main.c", "-o", main_o])
    extra = []
    for src in b.get("board_srcs", []):
        extra.append(d / (pathlib.Path(src).stem + ".o"))
        bench_build.run([cc, *bench_build.OPT, *bench_build.WARN, *b["cflags"], "-fno-builtin",
                         "-isystem", b["libc"], "-I", bench_build.HARNESS,
                         "-c", bench_build.BENCH / "boards" / src, "-o", extra[-1]])
    elf = d / ("%s.%s.elf" % (name, target))
    ld = [*b.get("link", PICOLIBC_SEMIHOST),
          "-Wl,--defsym=__flash=%#x" % b["flash"], "-Wl,--defsym=__flash_size=0x100000",
          "-Wl,--defsym=__ram=%#x" % b["ram"], "-Wl,--defsym=__ram_size=0x40000",
          "-Wl,--defsym=__stack_size=0x4000", "-Wl,--no-warn-rwx-segments"]
    if libs:  # libc and libgcc call into them too
        libs = ["-Wl,--start-group", *libs, "-lc", "-lgcc", "-Wl,--end-group"]
    bench_build.run([*b["gcc"], *ld, main_o, *objs, *extra, "-lm", *libs, "-o", elf])
    return elf, objs


def run_native(elf, target):
    """Runs the board executable under QEMU; returns the parsed result line."""
    cmd = [*BOARDS[target]["qemu"], "-nographic", "-monitor", "none", "-serial", "none",
           "-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel", str(elf)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=QEMU_TIMEOUT)
    m = re.search(r"bench (\S+) counts (\d+) (\d+) unit_instructions (\d+) stack_peak (\d+) "
                  r"result (-?\d+) (-?\d+)", r.stdout + r.stderr)
    if not m:
        raise bench_build.BuildError("%s on %s: no result line (exit %d): %s %s" % (
            elf.name, target, r.returncode, r.stdout[-300:], r.stderr[-300:]))
    return {"counts": (int(m.group(2)), int(m.group(3))), "unit_instructions": int(m.group(4)),
            "stack_peak": int(m.group(5)), "results": (int(m.group(6)), int(m.group(7)))}


# ---- AOT form on a board: the project's firmware under QEMU, driven by `wcap run` ----

TIMED_EXPORT = "run_ms"
AOT_TARGET_MS = 300     # virtual ms between the two scales (= 3e8 instructions)
AOT_STACK = 8192        # native stack budget per call: the firmware maximum (recursion needs > 4 KiB)
AOT_TIME_MS = 60000     # run-time budget in virtual ms


class BoardDevice:
    """targets/<t>/qemu.sh with -icount shift=0, from `build_dir`, on a TCP port.
    Started in its own session; stop() ends exactly that process group."""

    def __init__(self, target, build_dir, port, log_path):
        import os
        self.target, self.port = target, port
        env = dict(os.environ, WCAP_BUILD_DIR=str(build_dir), WCAP_QEMU_ICOUNT="1",
                   WCAP_QEMU_LOG=str(log_path))
        script = bench_build.BENCH.parent / "targets" / target / "qemu.sh"
        self.proc = subprocess.Popen(["bash", str(script), str(port)], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        seen = []
        for _ in range(50):  # qemu.sh prints the banner once it is logged (warnings may come first)
            line = self.proc.stdout.readline()
            if not line or "wcap board ready" in line:
                break
            seen.append(line)
        if "wcap board ready" not in line:
            self.stop()
            raise bench_build.BuildError("%s firmware did not boot: %r" % (target, "".join(seen)[-300:]))
        self.banner = line.strip()

    def stop(self):
        import os
        import signal
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def run_ms(self, wcap, blob, scale):
        """Loads the blob, calls run_ms(scale), unloads; virtual ms or raises."""
        return self._run(wcap, blob, scale)[0]

    def stack_peak(self, wcap, blob, scale):
        """Peak native stack bytes of the call run_ms(scale) as the firmware
        measured it by painting (CallResult.stack_peak), None when the
        firmware does not measure it (built with WCAP_FW_STACK_PEAK=OFF)."""
        r = self._run(wcap, blob, scale, ["--stack-peak"])[1]
        m = re.search(r"^stack_peak (\d+|n/a)$", r.stderr, re.M)
        if not m:
            raise bench_build.BuildError("wcap run --stack-peak on %s: no stack_peak line: %s" % (
                self.target, r.stderr[-300:]))
        return None if m.group(1) == "n/a" else int(m.group(1))

    def _run(self, wcap, blob, scale, extra=()):
        # The firmware's development admin (build/keys/clients.txt beside bin/wcap).
        keys = pathlib.Path(wcap).resolve().parent.parent / "keys"
        cred = ["--identity", "dev-admin", "--psk-file", str(keys / "dev-admin.psk")]
        r = subprocess.run([str(wcap), "run", str(blob), "--port", "tcp:127.0.0.1:%d" % self.port, *cred,
                            "--export", TIMED_EXPORT, *extra, str(scale)], capture_output=True, text=True,
                           timeout=QEMU_TIMEOUT)
        lines = [l for l in r.stdout.strip().splitlines() if l.strip()]
        if r.returncode != 0 or not lines or not re.fullmatch(r"-?\d+", lines[-1].strip()):
            raise bench_build.BuildError("wcap run %s %d on %s failed (exit %d): %s %s" % (
                blob.name, scale, self.target, r.returncode, r.stdout[-300:], r.stderr[-300:]))
        ms = int(lines[-1])
        if ms < 0:
            raise bench_build.BuildError("%s self-check failed on %s (code %d)" % (blob.name, self.target, -1 - ms))
        return ms, r


def aot_blob_timed(out_dir, name, tools, target):
    wasm = bench_build.wasm_module(out_dir, name, entry="entry_wasm_timed.c")
    blob = out_dir / ("%s.timed.%s.wcap" % (name, target))
    bench_build.run([tools.wcap, "build", wasm, "--target", target, "--key", tools.key, "-o", blob,
                     "--stack", str(AOT_STACK), "--time-ms", str(AOT_TIME_MS)])
    return blob


def aot_instructions_per_unit(dev, tools, blob, native_unit):
    """Differenced virtual time of run_ms(1) and run_ms(k), k sized from the
    native count so the difference is about AOT_TARGET_MS (assuming AOT is
    at least as slow as native). 1 ms = 1e6 instructions; the start of each
    run is aligned to a millisecond edge, so the error is under 2 ms."""
    k = max(2, int(AOT_TARGET_MS * 1e6 / max(native_unit, 1)) + 1)
    t1 = dev.run_ms(tools.wcap, blob, 1)
    tk = dev.run_ms(tools.wcap, blob, k)
    return (tk - t1) * 1e6 / (k - 1), k


# ---- interpreter form on a board: the same timed module as a portable blob ----

INTERP_GUESS = 40       # first guess of interp/AOT, to size k before the first measurement


def interp_blob_timed(out_dir, name, tools):
    """The timed module as a portable interpreted blob (`wcap build --engine
    interp`, no target: the same file runs on every board)."""
    wasm = bench_build.wasm_module(out_dir, name, entry="entry_wasm_timed.c")
    blob = out_dir / ("%s.timed.interp.wcap" % name)
    bench_build.run([tools.wcap, "build", wasm, "--engine", "interp", "--key", tools.key, "-o", blob,
                     "--stack", str(AOT_STACK), "--time-ms", str(AOT_TIME_MS)])
    return blob


def interp_instructions_per_unit(dev, tools, blob, aot_unit):
    """Like aot_instructions_per_unit, for the interpreter: k is first sized
    from the AOT count times INTERP_GUESS; when the difference comes out
    under two thirds of the target, k is resized from that first estimate and
    the pair measured again, so the 2 ms error stays under 1%."""
    def pair(k):
        t1 = dev.run_ms(tools.wcap, blob, 1)
        tk = dev.run_ms(tools.wcap, blob, k)
        return tk - t1
    k = max(2, int(AOT_TARGET_MS * 1e6 / max(aot_unit * INTERP_GUESS, 1)) + 1)
    diff = pair(k)
    if diff < AOT_TARGET_MS * 2 // 3:
        unit = max(diff, 1) * 1e6 / (k - 1)
        k = max(2, int(AOT_TARGET_MS * 1e6 / unit) + 1)
        diff = pair(k)
    return diff * 1e6 / (k - 1), k
