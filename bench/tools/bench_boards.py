"""Native form of the benchmarks on the QEMU boards, and their code sizes.

The program is compiled with clang-14 -O2 and the target's flags from
compiler/targets.def (what `wcap build` uses, minus -mno-movt, a constraint of
the AOT packer whose cost belongs to the AOT form), linked bare-metal with
picolibc (semihosting for output and exit) by the target's GCC driver, and run
by bench/boards/board_main.c under `-icount shift=0`: one guest instruction per
nanosecond of virtual time, so the board counters count instructions
deterministically (see board_main.c).
"""
import re
import subprocess

import bench_build

BOARDS = {
    "cortex-m4": {
        "cflags": ["--target=thumbv7em-none-eabihf", "-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16",
                   "-mfloat-abi=hard", "-mthumb", "-fshort-enums"],
        "defs": ["-DBENCH_TIMER_BASE=0x40000000u", "-DBENCH_COUNTER_INSNS=40u"],  # CMSDK timer0, 25 MHz
        "libc": "/usr/lib/picolibc/arm-none-eabi/include",
        "gcc": ["arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"],
        "flash": 0x00000000, "ram": 0x20000000,
        "qemu": ["qemu-system-arm", "-M", "mps2-an386"],
        "size": "llvm-size-14",
    },
    "cortex-m33": {
        "cflags": ["--target=thumbv8m.main-none-eabihf", "-mcpu=cortex-m33", "-mfpu=fpv5-sp-d16",
                   "-mfloat-abi=hard", "-mthumb", "-fshort-enums"],
        # Secure alias of CMSDK timer0 (the board boots Secure), 20 MHz
        "defs": ["-DBENCH_TIMER_BASE=0x50000000u", "-DBENCH_COUNTER_INSNS=50u"],
        "libc": "/usr/lib/picolibc/arm-none-eabi/include",
        "gcc": ["arm-none-eabi-gcc", "-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"],
        "flash": 0x10000000, "ram": 0x38000000,
        "qemu": ["qemu-system-arm", "-M", "mps2-an505"],
        "size": "llvm-size-14",
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
}
QEMU_TIMEOUT = 600


def board_elf(out_dir, name, target):
    """Bare-metal executable of one program for `target`; returns (elf, objects)."""
    b = BOARDS[target]
    d = out_dir / "board"
    objs = bench_build.native_objects(d, name, b["cflags"])
    main_o = d / "board_main.o"
    bench_build.run([bench_build.CLANG, *bench_build.OPT, *bench_build.WARN, *b["cflags"], *b["defs"],
                     "-isystem", b["libc"], "-I", bench_build.HARNESS, '-DBENCH_NAME="%s"' % name,
                     "-c", bench_build.BENCH / "boards" / "board_main.c", "-o", main_o])
    extra = []
    if target.startswith("cortex-m"):
        extra.append(d / "aeabi_mem.o")
        bench_build.run([bench_build.CLANG, *bench_build.OPT, *bench_build.WARN, *b["cflags"], "-fno-builtin",
                         "-I", bench_build.HARNESS, "-c", bench_build.BENCH / "boards" / "aeabi_mem.c",
                         "-o", extra[0]])
    elf = d / ("%s.%s.elf" % (name, target))
    ld = ["--specs=picolibc.specs", "--oslib=semihost", "--crt0=semihost",
          "-Wl,--defsym=__flash=%#x" % b["flash"], "-Wl,--defsym=__flash_size=0x100000",
          "-Wl,--defsym=__ram=%#x" % b["ram"], "-Wl,--defsym=__ram_size=0x40000",
          "-Wl,--defsym=__stack_size=0x4000", "-Wl,--no-warn-rwx-segments"]
    bench_build.run([*b["gcc"], *ld, main_o, *objs, *extra, "-lm", "-o", elf])
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
