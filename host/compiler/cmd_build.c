/*
 * `wcap build`: wasm check -> wasm2c -> rewrite -> glue -> clang -> pack ->
 * manifest -> sign -> atomic write. Each step fails with one error line and
 * its own exit code; the temporary directory is always removed (unless
 * --keep-temps) and OUT is only created by the final rename.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_opts.h"
#include "cc.h"
#include "datadir.h"
#include "emit.h"
#include "glue.h"
#include "imports.h"
#include "interp_xlate.h"
#include "keys.h"
#include "pack.h"
#include "policy.h"
#include "util.h"
#include "w2c.h"
#include "wcap/interp_format.h"
#include "wasm_access.h"
#include "wasm_checks.h"
#include "wasm_check.h"
#include "compiler_cmds.h"
#include "diag.h"

#define MAX_WASM_SIZE (64u << 20)

typedef struct {
    wcapc_build_opts_t o;
    uint8_t *wasm;
    size_t wasm_len;
    wcapc_module_t m;
    char dir[4096];
    char data_dir[4096]; /* host/compiler/datadir.h: the runtime headers */
    int own_dir;
    wcapc_exp_t *exports;
    size_t n_exports;
    wcapc_packed_t packed;
    uint32_t caps, mem_min, mem_max;
    wcapc_native_decl_t decl;               /* host functions imported */
    wcapc_nat_t natives[WCAPC_MAX_NATIVES]; /* ... as the manifest declares them */
} build_t;

/* Warns when the capsule cannot fit the target's reference board (its
 * capsule RAM, targets.def board_ram), which would refuse it after the
 * upload; names the --memory-max that would fit. A warning: a real board
 * may have more. */
static void fit_warning(const build_t *b)
{
    const wcapc_target_t *t = b->o.target;
    if (t == NULL || t->board_ram == 0 || b->o.engine == WCAP_ENGINE_INTERP)
        return;
    uint64_t fixed = (uint64_t)b->packed.image.len + b->packed.bss_size + b->packed.instance_size +
                     (uint64_t)b->m.table_elems * 3u * 4u; /* funcrefs: 3 pointers each */
    uint64_t need = fixed + b->mem_max;
    if (need <= t->board_ram)
        return;
    fprintf(stderr,
            "wcap: warning: this capsule needs at least %llu bytes of capsule RAM (linear memory %u), more "
            "than the %u of the %s reference board, which will refuse it",
            (unsigned long long)need, (unsigned)b->mem_max, (unsigned)t->board_ram, t->name);
    if (fixed + 4096u <= t->board_ram)
        fprintf(stderr,
                ": build it with --memory-max %llu or less (and --stack below it; a multiple of 65536 if it "
                "uses malloc)",
                (unsigned long long)((t->board_ram - fixed) & ~(uint64_t)4095u));
    else
        fprintf(stderr, ": its code and data alone do not fit");
    if (b->m.has_stack_pointer && b->m.stack_pointer_init > b->m.data_end &&
        fixed + ((b->m.stack_pointer_init + 65535ull) & ~65535ull) > t->board_ram)
        fprintf(stderr, "; its C stack alone ends at %u: link it with a smaller one (clang -Wl,-z,stack-size=8192)",
                (unsigned)b->m.stack_pointer_init);
    fputc('\n', stderr);
}

/* Fails early (before compiling) on a key or output problem. */
static int preflight(build_t *b)
{
    char err[512], out_dir[4096];
    if (access(b->o.key, R_OK) != 0)
        return wcapc_fail(WCAPC_EXIT_KEY, "cannot read key %s: %s", b->o.key, strerror(errno));
    static const uint8_t probe[WCAP_SHA256_SIZE];
    uint8_t sig[64], key_id[WCAP_KEY_ID_SIZE];
    if (wcapc_sign(b->o.key, probe, sig, key_id, err, sizeof err)) /* a usable P-256 private key? */
        return wcapc_fail(WCAPC_EXIT_KEY, "%s", err);
    snprintf(out_dir, sizeof out_dir, "%s", b->o.out);
    const char *d = dirname(out_dir);
    struct stat st;
    if (stat(b->o.out, &st) == 0 && S_ISDIR(st.st_mode))
        return wcapc_fail(WCAPC_EXIT_OUTPUT, "cannot write %s: it is a directory", b->o.out);
    if (access(d, W_OK) != 0)
        return wcapc_fail(WCAPC_EXIT_OUTPUT, "cannot write %s: directory %s: %s", b->o.out, d, strerror(errno));
    return WCAPC_EXIT_OK;
}

static int check_wasm(build_t *b)
{
    char err[512];
    if (wcapc_read_file(b->o.in, MAX_WASM_SIZE, &b->wasm, &b->wasm_len))
        return wcapc_fail(WCAPC_EXIT_INPUT, "cannot read %s: %s", b->o.in, strerror(errno));
    int st = wcapc_wasm_parse(b->wasm, b->wasm_len, &b->m, err, sizeof err);
    if (st != WCAPC_WASM_OK)
        return wcapc_fail(st == WCAPC_WASM_UNSUPPORTED ? WCAPC_EXIT_UNSUPPORTED : WCAPC_EXIT_INPUT, "%s: %s", b->o.in,
                          err);
    int rc = wcapc_policy_imports(&b->m, &b->o, &b->caps, &b->decl);
    if (rc == WCAPC_EXIT_OK && b->o.has_caps)
        b->caps = b->o.caps;
    if (rc == WCAPC_EXIT_OK)
        rc = wcapc_policy_memory(&b->m, &b->o, &b->mem_min, &b->mem_max);
    if (rc == WCAPC_EXIT_OK && b->m.table_elems > 65536u)
        rc = wcapc_fail(WCAPC_EXIT_LIMIT, "tables hold %llu elements (limit 65536)",
                        (unsigned long long)b->m.table_elems);
    char caps[128];
    wcapc_caps_format(b->caps, caps, sizeof caps);
    wcapc_note("capabilities: %s%s", caps, b->o.has_caps ? " (declared)" : " (derived from the imports)");
    return rc;
}

/* Interrupted builds leave nothing behind: the handler unlinks the temporary
 * files (paths prepared in advance: only async-signal-safe calls) and re-raises. */
static const char *const temp_names[] = {"capsule.c", "capsule.h", "glue.c", "unit.c", "prelude.h", "capsule.o"};
static char temp_paths[sizeof temp_names / sizeof temp_names[0]][4200];
static char temp_dir[4096];

static void on_signal(int sig)
{
    wcapc_run_abort(); /* wasm2c or clang must not write into the directory after this */
    for (size_t i = 0; i < sizeof temp_names / sizeof temp_names[0]; i++)
        unlink(temp_paths[i]);
    rmdir(temp_dir);
    wcapc_atomic_abort();
    signal(sig, SIG_DFL);
    raise(sig);
}

static const int cleanup_sigs[] = {SIGINT, SIGTERM, SIGHUP};

/* Blocks (or unblocks) the signals while the directory is created and registered. */
static void mask_signals(int how)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof cleanup_sigs / sizeof cleanup_sigs[0]; i++)
        sigaddset(&set, cleanup_sigs[i]);
    sigprocmask(how, &set, NULL);
}

static void cleanup_on_signals(const char *dir)
{
    snprintf(temp_dir, sizeof temp_dir, "%s", dir);
    for (size_t i = 0; i < sizeof temp_names / sizeof temp_names[0]; i++)
        wcapc_path_join(temp_paths[i], sizeof temp_paths[i], dir, temp_names[i]);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof cleanup_sigs / sizeof cleanup_sigs[0]; i++)
        sigaction(cleanup_sigs[i], &sa, NULL);
}

static int work_dir(build_t *b)
{
    if (b->o.keep_temps) {
        if (mkdir(b->o.keep_temps, 0755) != 0 && errno != EEXIST)
            return wcapc_fail(WCAPC_EXIT_OUTPUT, "cannot create %s: %s", b->o.keep_temps, strerror(errno));
        snprintf(b->dir, sizeof b->dir, "%s", b->o.keep_temps);
        return WCAPC_EXIT_OK;
    }
    mask_signals(SIG_BLOCK);
    if (wcapc_tmpdir_create(b->dir, sizeof b->dir)) {
        int e = errno;
        mask_signals(SIG_UNBLOCK);
        return wcapc_fail(WCAPC_EXIT_OUTPUT, "cannot create a temporary directory: %s", strerror(e));
    }
    b->own_dir = 1;
    cleanup_on_signals(b->dir);
    mask_signals(SIG_UNBLOCK);
    return WCAPC_EXIT_OK;
}

static int load_text(const char *dir, const char *name, wcapc_buf_t *out)
{
    char path[4200];
    uint8_t *data;
    size_t len;
    if (wcapc_path_join(path, sizeof path, dir, name) || wcapc_read_file(path, 1u << 30, &data, &len))
        return wcapc_fail(WCAPC_EXIT_TOOLCHAIN, "cannot read %s/%s: %s", dir, name, strerror(errno));
    out->data = data;
    out->len = len;
    out->cap = len + 1;
    return WCAPC_EXIT_OK;
}

static int save_text(const char *dir, const char *name, const wcapc_buf_t *b)
{
    char path[4200];
    if (wcapc_path_join(path, sizeof path, dir, name) || wcapc_write_atomic(path, b->data, b->len, 0644))
        return wcapc_fail(WCAPC_EXIT_OUTPUT, "cannot write %s/%s: %s", dir, name, strerror(errno));
    return WCAPC_EXIT_OK;
}

/* Bytes the capsule's memory never has fewer of: the runtime starts it at
 * min(mem_min, mem_max) (docs/memory-model.md) and it only grows. */
static uint32_t min_memory_size(const build_t *b)
{
    return b->mem_min < b->mem_max ? b->mem_min : b->mem_max;
}

/* The memory stays at that size when nothing can grow it: no memory.grow in
 * the module (nothing else grows a memory: none is imported), or no room to
 * grow (the runtime refuses growth beyond mem_max). */
static int memory_size_fixed(const build_t *b)
{
    return !b->m.has_memory_grow || b->mem_min >= b->mem_max;
}

/* Whether this build makes loop-level checks: --loop-checks, else the target's default. */
static int loop_checks(const build_t *b)
{
    return b->o.loop_checks >= 0 ? b->o.loop_checks : wcapc_target_loop_checks(b->o.target);
}

/* The bounds checks decided on the Wasm (wasm_checks.c) applied to the C
 * (w2c_checks.c), then the cross-check: the final C still holds the
 * module's memory accesses one for one (w2c_access.c). */
static int place_checks(const build_t *b, wcapc_buf_t *c)
{
    char err[1024];
    wcapc_accesses_t a;
    wcapc_check_t *checks = NULL;
    wcapc_loops_t loops;
    if (wcapc_accesses_read(&b->m, &a, err, sizeof err))
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "listing the module's memory accesses: %s", err);
    int rc = WCAPC_EXIT_OK;
    wcapc_loops_t *lp = loop_checks(b) ? &loops : NULL;
    memset(&loops, 0, sizeof loops);
    if (wcapc_checks_decide(&b->m, &a, min_memory_size(b), &checks, lp, err, sizeof err))
        rc = wcapc_fail(WCAPC_EXIT_INTERNAL, "deciding the bounds checks: %s", err);
    else if (wcapc_w2c_apply_checks(c, &a, checks, lp, err, sizeof err) ||
             wcapc_w2c_check_accesses(c, &a, err, sizeof err))
        rc = wcapc_fail(WCAPC_EXIT_TOOLCHAIN, "%s", err);
    free(checks);
    wcapc_loops_free(&loops);
    wcapc_accesses_free(&a);
    return rc;
}

/* wasm2c, the rewrite of its output, and the glue. */
static int translate(build_t *b)
{
    char err[1024];
    int rejected;
    wcapc_note("wasm2c -n capsule %s -o %s/capsule.c", b->o.in, b->dir);
    if (wcapc_w2c_run(b->o.in, b->dir, &rejected, err, sizeof err))
        return wcapc_fail(rejected ? WCAPC_EXIT_INPUT : WCAPC_EXIT_TOOLCHAIN, "%s", err);
    wcapc_buf_t c = {0}, h = {0}, glue = {0};
    int rc = load_text(b->dir, "capsule.c", &c);
    if (rc == WCAPC_EXIT_OK && wcapc_w2c_rewrite(&c, min_memory_size(b), memory_size_fixed(b), err, sizeof err))
        rc = wcapc_fail(WCAPC_EXIT_TOOLCHAIN, "%s", err);
    if (rc == WCAPC_EXIT_OK)
        rc = place_checks(b, &c);
    if (rc == WCAPC_EXIT_OK)
        rc = save_text(b->dir, "capsule.c", &c);
    if (rc == WCAPC_EXIT_OK)
        rc = load_text(b->dir, "capsule.h", &h);
    if (rc == WCAPC_EXIT_OK &&
        wcapc_glue_generate(&b->m, (const char *)h.data, h.len, &glue, &b->exports, &b->n_exports, err, sizeof err))
        rc = wcapc_fail(WCAPC_EXIT_TOOLCHAIN, "%s", err);
    if (rc == WCAPC_EXIT_OK)
        rc = save_text(b->dir, "glue.c", &glue);
    wcapc_buf_free(&c);
    wcapc_buf_free(&h);
    wcapc_buf_free(&glue);
    return rc;
}

static int compile_and_pack(build_t *b)
{
    char err[1024], obj[4200];
    const wcapc_target_t *t = b->o.target;
    if (wcapc_cc(t, b->data_dir, b->dir, b->o.opt, loop_checks(b), err, sizeof err))
        return wcapc_fail(WCAPC_EXIT_TOOLCHAIN, "%s", err);
    wcapc_path_join(obj, sizeof obj, b->dir, "capsule.o");
    wcapc_pack_opts_t po = {obj, t->packer, t->elf_machine, t->elf_class, t->arch, b->caps, b->o.extra, b->o.n_extra};
    int import_err = 0;
    if (wcapc_pack(&po, &b->packed, &import_err, err, sizeof err))
        return wcapc_fail(import_err ? WCAPC_EXIT_IMPORT : WCAPC_EXIT_TOOLCHAIN, "%s", err);
    return WCAPC_EXIT_OK;
}

/* --engine interp: wasm-validate (the same validator as wasm2c's), then the
 * translation into the interpreter image (host/compiler/interp_xlate.c). */
static int build_interp(build_t *b)
{
    char out[1024];
    char *argv[] = {"wasm-validate", (char *)b->o.in, NULL};
    wcapc_note("wasm-validate %s", b->o.in);
    int st = wcapc_run(argv, out, sizeof out);
    if (st != 0) {
        out[strcspn(out, "\n")] = 0;
        return wcapc_fail(st > 0 && st != 127 ? WCAPC_EXIT_INPUT : WCAPC_EXIT_TOOLCHAIN,
                          "wasm-validate rejected the module: %s", out[0] ? out : "(no message)");
    }
    wcapc_ix_out_t ix;
    int rc = wcapc_ix_translate(b->wasm, b->wasm_len, &b->m, b->o.extra, b->o.n_extra, b->caps, &ix);
    if (rc == WCAPC_EXIT_OK) {
        b->packed.image = ix.image;
        ix.image = (wcapc_buf_t){0};
        b->packed.text_size = ix.code_len;
        b->packed.data_size = (uint32_t)b->packed.image.len - ix.code_len;
        b->packed.image_align = 16;
        b->packed.n_imports = ix.n_imports;
        memcpy(b->packed.imports, ix.imports, sizeof ix.imports);
        b->packed.instance_size = ix.instance_size;
        b->packed.elf_text_data = (uint32_t)b->packed.image.len;
        b->m.table_elems = ix.table_elems;
    }
    wcapc_ix_free(&ix);
    return rc;
}

/* The manifest's informational export list of an interpreted image. */
static int interp_exports(build_t *b)
{
    const uint8_t *img = b->packed.image.data;
    const wcap_ib_header_t *h = (const wcap_ib_header_t *)(const void *)img;
    b->exports = calloc(h->n_exports + 1, sizeof *b->exports);
    if (!b->exports)
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "out of memory");
    for (uint32_t i = 0; i < h->n_exports; i++) {
        const wcap_ib_export_t *e = (const wcap_ib_export_t *)(const void *)(img + h->off_exports) + i;
        snprintf(b->exports[i].name, sizeof b->exports[i].name, "%s", (const char *)img + h->off_pool + e->name);
        snprintf(b->exports[i].sig, sizeof b->exports[i].sig, "%s", (const char *)img + h->off_pool + e->sig);
    }
    b->n_exports = h->n_exports;
    return WCAPC_EXIT_OK;
}

int wcapc_cmd_build(int argc, char **argv)
{
    build_t b;
    memset(&b, 0, sizeof b);
    int rc = wcapc_build_opts_parse(argc, argv, &b.o);
    if (rc >= 0) {
        wcapc_build_opts_free(&b.o);
        return rc;
    }
    if (b.o.engine != WCAP_ENGINE_INTERP) { /* an installation without its data fails first */
        char err[1024];
        if (wcapc_data_dir(b.data_dir, sizeof b.data_dir, err, sizeof err)) {
            wcapc_build_opts_free(&b.o);
            return wcapc_fail(WCAPC_EXIT_TOOLCHAIN, "%s", err);
        }
        wcapc_note("data directory: %s", b.data_dir);
    }
    rc = preflight(&b);
    if (rc == WCAPC_EXIT_OK)
        rc = check_wasm(&b);
    if (b.o.engine == WCAP_ENGINE_INTERP) {
        if (rc == WCAPC_EXIT_OK)
            rc = build_interp(&b);
        if (rc == WCAPC_EXIT_OK)
            rc = interp_exports(&b);
    } else {
        if (rc == WCAPC_EXIT_OK)
            rc = work_dir(&b);
        if (rc == WCAPC_EXIT_OK)
            rc = translate(&b);
        if (rc == WCAPC_EXIT_OK)
            rc = compile_and_pack(&b);
    }
    for (size_t i = 0; i < b.decl.n; i++) {
        const wcapc_host_fn_t *f = b.decl.fns[i];
        b.natives[i].id = f->id;
        snprintf(b.natives[i].name, sizeof b.natives[i].name, "%s.%s", f->module, f->name);
        snprintf(b.natives[i].sig, sizeof b.natives[i].sig, "%s:%s", f->params, f->results);
    }
    if (rc == WCAPC_EXIT_OK)
        fit_warning(&b);
    if (rc == WCAPC_EXIT_OK) {
        wcapc_emit_t e = {&b.o,       &b.packed, b.exports, b.n_exports,
                          b.caps,     b.mem_min, b.mem_max, (uint32_t)b.m.table_elems,
                          b.o.engine, b.natives, b.decl.n};
        rc = wcapc_emit(&e);
    }
    if (b.own_dir)
        wcapc_tmpdir_remove(b.dir);
    wcapc_packed_free(&b.packed);
    free(b.exports);
    wcapc_wasm_free(&b.m);
    free(b.wasm);
    wcapc_build_opts_free(&b.o);
    return rc;
}
