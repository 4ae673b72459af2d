/*
 * The C compiler driver (fork/exec, no shell): clang-14, or the GCC cross
 * compiler of a target clang does not support (targets.def: cc).
 */
#include "cc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "diag.h"

#define CLANG "clang-14"
#define MAX_ARGS 64

static const char prelude[] = "/* wcap build: forced include. Everything in the capsule is hidden: one image, no\n"
                              " * dynamic symbols, RIP-relative references on x86_64. */\n"
                              "#pragma GCC visibility push(hidden)\n";
/* picolibc's math.h (with clang) classifies floats out of line (__fpclassifyf),
 * which would be one more import: use the compiler builtins instead. Its Armv8
 * inline nearbyintf (machine/math.h: cortex-m33) tests for NaN the same way,
 * expanded inside the header: the builtin bypasses it (VRINTR where the FPU has
 * it, else the call to nearbyintf the runtime exports, as before). */
static const char unit[] = "#include <math.h>\n"
                           "#undef isnan\n#define isnan(x) __builtin_isnan(x)\n"
                           "#undef isinf\n#define isinf(x) __builtin_isinf(x)\n"
                           "#undef isfinite\n#define isfinite(x) __builtin_isfinite(x)\n"
                           "#undef signbit\n#define signbit(x) __builtin_signbit(x)\n"
                           "#define nearbyintf(x) __builtin_nearbyintf(x)\n"
                           "#define nearbyint(x) __builtin_nearbyint(x)\n"
                           "#include \"capsule.c\"\n#include \"glue.c\"\n";

static const char *const common_flags[] = {
    "-c",
    "-DNDEBUG",
    "-w",
    "-fno-asynchronous-unwind-tables",
    "-fno-unwind-tables",
    "-fno-stack-protector",
    "-fno-common",
    "-fno-exceptions",
};

static int write_text(const char *dir, const char *name, const char *text, char *err, size_t errcap)
{
    char path[4096];
    if (wcapc_path_join(path, sizeof path, dir, name) || wcapc_write_atomic(path, text, strlen(text), 0644)) {
        snprintf(err, errcap, "cannot write %s/%s: %s", dir, name, strerror(errno));
        return -1;
    }
    return 0;
}

/* The compiler's own header directory (stddef.h, stdint.h, float.h ...), for
 * -nostdinc builds: clang's resource directory, or GCC's include directory. */
static int resource_include(const char *cc, int is_gcc, char *out, size_t cap, char *err, size_t errcap)
{
    char *argv[] = {(char *)cc, is_gcc ? "-print-file-name=include" : "-print-resource-dir", NULL};
    char dir[1024];
    if (wcapc_run(argv, dir, sizeof dir) != 0) {
        snprintf(err, errcap, "cannot run %s: %s", cc, dir);
        return -1;
    }
    dir[strcspn(dir, "\r\n")] = 0;
    if (is_gcc ? snprintf(out, cap, "%s", dir) >= (int)cap : wcapc_path_join(out, cap, dir, "include")) {
        snprintf(err, errcap, "%s header directory path too long", cc);
        return -1;
    }
    return 0;
}

int wcapc_cc(const wcapc_target_t *t, const char *data_dir, const char *dir, const char *opt, int unswitch, char *err,
             size_t errcap)
{
    char *argv[MAX_ARGS], flags[512], res[1100], inc_rt[4200], inc_fmt[4200], inc_dir[4200], pre[4200], src[4200],
        obj[4200];
    size_t n = 0;
    const char *cc = t->cc ? t->cc : CLANG;
    int is_gcc = t->cc != NULL;
    if (write_text(dir, "prelude.h", prelude, err, errcap) || write_text(dir, "unit.c", unit, err, errcap))
        return -1;
    snprintf(flags, sizeof flags, "%s", t->cflags);
    snprintf(inc_rt, sizeof inc_rt, "-I%s/runtime_lib/include", data_dir); /* host/compiler/datadir.h */
    snprintf(inc_fmt, sizeof inc_fmt, "-I%s/format/include", data_dir);    /* wcap/capsule_abi.h */
    snprintf(inc_dir, sizeof inc_dir, "-I%s", dir);
    snprintf(pre, sizeof pre, "%s/prelude.h", dir);
    snprintf(src, sizeof src, "%s/unit.c", dir);
    snprintf(obj, sizeof obj, "%s/capsule.o", dir);
    argv[n++] = (char *)cc;
    for (char *tok = strtok(flags, " "); tok && n < MAX_ARGS - 32; tok = strtok(NULL, " "))
        argv[n++] = tok;
    for (size_t i = 0; i < sizeof common_flags / sizeof common_flags[0]; i++)
        argv[n++] = (char *)common_flags[i];
    argv[n++] = (char *)opt;
    if (unswitch && !is_gcc) { /* with loop-level checks: clang unswitches the other invariant tests too */
        argv[n++] = "-mllvm";
        argv[n++] = "-enable-nontrivial-unswitch";
    }
    argv[n++] = inc_rt; /* before any system directory: our wasm-rt.h shadows wabt's */
    argv[n++] = inc_fmt;
    argv[n++] = inc_dir;
    if (t->libc_include) {
        if (resource_include(cc, is_gcc, res, sizeof res, err, errcap))
            return -1;
        argv[n++] = "-nostdinc";
        argv[n++] = "-isystem";
        argv[n++] = res;
        argv[n++] = "-isystem";
        argv[n++] = (char *)t->libc_include;
    }
    argv[n++] = "-include";
    argv[n++] = pre;
    argv[n++] = "-o";
    argv[n++] = obj;
    argv[n++] = src;
    argv[n] = NULL;
    if (wcapc_verbose) {
        fprintf(stderr, "wcap:");
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " %s", argv[i]);
        fprintf(stderr, "\n");
    }
    static char out[16384];
    int rc = wcapc_run(argv, out, sizeof out);
    if (rc != 0) {
        char *e = strstr(out, "error:");
        const char *line = e ? e : out;
        snprintf(err, errcap, "%s failed (exit %d): %.*s", cc, rc, (int)strcspn(line, "\n"), line);
        return -1;
    }
    return 0;
}
