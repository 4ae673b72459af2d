/*
 * The flash store (device/store_flash.c) on the simulated NOR flash.
 *
 *   test_store_flash powercut   install, update and remove of a capsule, as the
 *                               device service does them (blob "cap/<n>",
 *                               floor "ver/<n>", run state "sta/<n>"), with power
 *                               cut at every program and erase in turn, the cut
 *                               operation either not done or torn half-way; after
 *                               each cut the store is mounted again from the flash
 *                               contents and must hold the capsule at exactly one
 *                               complete version (old or new), every floor at its
 *                               value or higher, a bystander capsule untouched; the
 *                               device boot and the operation then run again and
 *                               must succeed. Prints the number of cut points.
 *                               Then random operations (writes, aborted writes,
 *                               erases, floor raises) against a model, about one
 *                               in five cut at a random program or erase: every
 *                               record old or new, every floor between.
 *   test_store_flash flash      store semantics, floors (never lower, never
 *                               erased), a full index and a full bank, every byte
 *                               of the flash corrupted in turn, half-written and
 *                               garbage pages, a worn-out erase (loud and silent),
 *                               bad geometry: an error or the invariant, never a
 *                               lower floor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash_sim.h"
#include "wcap/blob_format.h"
#include "wcap/dev/store_flash.h"
#include "wcap/errors.h"

static int failures;
#define CHECK(c, ...)                                                    \
    do {                                                                 \
        if (!(c)) {                                                      \
            failures++;                                                  \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #c); \
            fprintf(stderr, __VA_ARGS__);                                \
            fprintf(stderr, "\n");                                       \
            if (failures > 20)                                           \
                exit(1);                                                 \
        }                                                                \
    } while (0)

static sim_flash_t sim, snap;
static wcap_dev_store_flash_t st;
static wcap_dev_store_t io;

static int mount(void)
{
    return wcap_dev_store_flash_open(&st, &sim.drv, &io);
}

/* ---- records as the device service writes them --------------------------------- */

static uint32_t blob_len(const char *name, uint32_t v)
{
    return 300u + 211u * v + (uint32_t)strlen(name);
}

static uint8_t blob_byte(const char *name, uint32_t v, uint32_t i)
{
    uint32_t x = (i + 1u) * 2654435761u ^ v * 40503u ^ (uint32_t)name[0] * 977u;
    return (uint8_t)(x >> 13);
}

static int put(const char *name, const uint8_t *data, uint32_t len, uint32_t chunk)
{
    if (io.write_open(io.user, name) != 0)
        return -1;
    for (uint32_t off = 0; off < len; off += chunk) {
        uint32_t k = len - off < chunk ? len - off : chunk;
        if (io.write(io.user, data + off, k) != 0) {
            io.write_abort(io.user);
            return -1;
        }
    }
    if (io.write_commit(io.user) != 0) {
        io.write_abort(io.user);
        return -1;
    }
    return 0;
}

static int put32(const char *name, uint32_t v)
{
    uint8_t b[4];
    wcap_wr32(b, v);
    return put(name, b, 4, 4);
}

/* The u32 record `name`, or 0 when absent. */
static uint32_t get32(const char *name)
{
    uint8_t b[4];
    return io.read(io.user, name, 0, b, 4) == 4 ? wcap_rd32(b) : 0u;
}

/* The one-byte run state record, or 0 when absent. */
static uint8_t get8(const char *name)
{
    uint8_t b = 0;
    return io.read(io.user, name, 0, &b, 4) == 1 ? b : 0u;
}

static void rec(char *out, const char *pfx, const char *name)
{
    snprintf(out, WCAP_DEV_RECORD_NAME_MAX + 1, "%s%s", pfx, name);
}

/* upload.c's finish_install: blob, floor, run state. */
static int install(const char *name, uint32_t v)
{
    static uint8_t blob[4096];
    char r[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint32_t len = blob_len(name, v);

    for (uint32_t i = 0; i < len; i++)
        blob[i] = blob_byte(name, v, i);
    wcap_wr32(blob, v);
    rec(r, "cap/", name);
    if (put(r, blob, len, 97) != 0)
        return -1;
    rec(r, "ver/", name);
    if (get32(r) < v && put32(r, v) != 0)
        return -1;
    rec(r, "sta/", name);
    return io.erase(io.user, r);
}

/* cmd_capsules.c's remove: blob, run state; the floor stays. */
static int remove_capsule(const char *name)
{
    char r[WCAP_DEV_RECORD_NAME_MAX + 1];
    rec(r, "cap/", name);
    if (io.erase(io.user, r) != 0)
        return -1;
    rec(r, "sta/", name);
    return io.erase(io.user, r);
}

static int start(const char *name)
{
    char r[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint8_t one = 1;
    rec(r, "sta/", name);
    return put(r, &one, 1, 1);
}

/* The installed version of `name` if its blob is complete and exact, 0 if
 * absent, -1 if present but not exactly one version. */
static long blob_version(const char *name)
{
    char r[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint8_t buf[64];
    uint32_t off = 0, v = 0;
    int n;

    rec(r, "cap/", name);
    if (io.read(io.user, r, 0, buf, 4) != 4)
        return 0;
    v = wcap_rd32(buf);
    if (v == 0 || v > 9)
        return -1;
    while ((n = io.read(io.user, r, off, buf, sizeof buf)) > 0) {
        for (int i = 0; i < n; i++) {
            uint32_t k = off + (uint32_t)i;
            uint8_t want = k < 4 ? buf[i] : blob_byte(name, v, k);
            if (buf[i] != want)
                return -1;
        }
        off += (uint32_t)n;
    }
    return n == 0 && off == blob_len(name, v) ? (long)v : -1;
}

/* lifecycle.c's boot as far as the store goes: the nonce epoch goes up,
 * every stored blob raises its floor. */
static int device_boot(void)
{
    char r[WCAP_DEV_RECORD_NAME_MAX + 1], f[WCAP_DEV_RECORD_NAME_MAX + 1];
    if (put32("aut/epoch", get32("aut/epoch") + 1u) != 0)
        return -1;
    for (uint32_t i = 0; io.list(io.user, i, r, sizeof r) == 1; i++) {
        long v;
        if (strncmp(r, "cap/", 4) != 0)
            continue;
        if ((v = blob_version(r + 4)) <= 0)
            return -1;
        rec(f, "ver/", r + 4);
        if (get32(f) < (uint32_t)v && put32(f, (uint32_t)v) != 0)
            return -1;
    }
    return 0;
}

/* ---- the power-cut run ---------------------------------------------------------- */

enum { OP_INSTALL, OP_UPDATE, OP_REMOVE };
static const char *const op_names[] = {"install", "update", "remove"};

static int run_op(int op)
{
    switch (op) {
    case OP_INSTALL: return install("app", 1);
    case OP_UPDATE: return install("app", 2);
    default: return remove_capsule("app");
    }
}

/* The store before the operation: a bystander capsule ("other" v3, running),
 * `churn` boots, and for update/remove "app" as it was before. */
static void setup(uint32_t page, uint32_t pages, int churn, int op)
{
    sim_init(&sim, page, pages);
    CHECK(mount() == 1, "fresh flash not formatted");
    CHECK(device_boot() == 0, "boot");
    CHECK(install("other", 3) == 0 && start("other") == 0, "other");
    for (int i = 0; i < churn; i++)
        CHECK(device_boot() == 0, "churn boot %d", i);
    if (op >= OP_UPDATE) {
        CHECK(install("app", 1) == 0 && start("app") == 0, "app v1");
    }
    if (op == OP_REMOVE)
        CHECK(install("app", 2) == 0 && start("app") == 0, "app v2");
}

typedef struct {
    long v_old, v_new;     /* allowed versions of app (0 absent) */
    uint32_t floor_before; /* of app */
    uint32_t epoch_before;
} expect_t;

static void check_state(const expect_t *x, const char *what, long k, int torn)
{
    long v = blob_version("app");
    uint32_t floor = get32("ver/app");

    CHECK(v == x->v_old || v == x->v_new, "%s cut %ld%s: app version %ld, want %ld or %ld", what, k,
          torn ? " torn" : "", v, x->v_old, x->v_new);
    CHECK(floor >= x->floor_before, "%s cut %ld%s: floor %u < %u", what, k, torn ? " torn" : "", floor,
          x->floor_before);
    CHECK(v <= 0 || (uint32_t)v >= floor, "%s cut %ld: blob v%ld below its floor %u", what, k, v, floor);
    CHECK(blob_version("other") == 3 && get32("ver/other") >= 3 && get8("sta/other") == 1,
          "%s cut %ld%s: bystander changed: v%ld floor %u state %u", what, k, torn ? " torn" : "",
          blob_version("other"), get32("ver/other"), get8("sta/other"));
    CHECK(get32("aut/epoch") >= x->epoch_before, "%s cut %ld: epoch went down", what, k);
    CHECK(sim.violations == 0 && sim.bad_args == 0, "%s cut %ld: %ld units programmed twice, %ld bad calls", what, k,
          sim.violations, sim.bad_args);
}

static long powercut(uint32_t page, uint32_t pages, int churn, int op, long *compacting)
{
    expect_t x = {0};
    long cuts = 0, ops;
    uint32_t comp_before;

    setup(page, pages, churn, op);
    x.v_old = op == OP_INSTALL ? 0 : op == OP_UPDATE ? 1 : 2;
    x.v_new = op == OP_INSTALL ? 1 : op == OP_UPDATE ? 2 : 0;
    x.floor_before = get32("ver/app");
    x.epoch_before = get32("aut/epoch");
    snap = sim;
    /* the operation without a cut: how many operations it takes */
    comp_before = st.compactions;
    long ops0 = sim.ops;
    CHECK(run_op(op) == 0, "%s without a cut failed: %s", op_names[op], wcap_strerror(st.error));
    ops = sim.ops - ops0;
    if (st.compactions != comp_before)
        (*compacting)++;
    for (long k = 0; k < ops; k++) {
        for (int torn = 0; torn <= 1; torn++) {
            sim = snap;
            CHECK(mount() == 0, "remount of the snapshot");
            sim.cut_at = sim.ops + k;
            sim.torn = torn;
            (void)run_op(op); /* fails from the cut on */
            CHECK(sim.off, "%s: operation %ld never happened", op_names[op], k);
            sim_power_on(&sim);
            int rc = mount();
            CHECK(rc == 0, "%s cut %ld%s: mount %d (%s)", op_names[op], k, torn ? " torn" : "", rc, wcap_strerror(rc));
            check_state(&x, op_names[op], k, torn);
            /* the device boots and the operator tries again */
            CHECK(device_boot() == 0, "%s cut %ld: boot after the cut: %s", op_names[op], k, wcap_strerror(st.error));
            CHECK(run_op(op) == 0, "%s cut %ld: again after the cut: %s", op_names[op], k, wcap_strerror(st.error));
            CHECK(mount() == 0, "%s cut %ld: remount", op_names[op], k);
            CHECK(blob_version("app") == x.v_new, "%s cut %ld: app %ld after the retry, want %ld", op_names[op], k,
                  blob_version("app"), x.v_new);
            CHECK(get32("ver/app") >= (uint32_t)(x.v_new > 0 ? x.v_new : x.floor_before),
                  "%s cut %ld: floor after the retry", op_names[op], k);
            check_state(&(expect_t){x.v_new, x.v_new, x.floor_before, x.epoch_before}, "retry", k, torn);
            cuts++;
        }
    }
    return cuts;
}

static int test_powercut(void)
{
    /* geometries: small pages, few big pages; churn moves the compaction
     * point across the operations */
    static const struct {
        uint32_t page, pages;
    } geo[] = {{256, 32}, {1024, 8}, {512, 16}};
    long total = 0, runs = 0, compacting = 0, per_op[3] = {0, 0, 0};

    for (size_t g = 0; g < sizeof geo / sizeof geo[0]; g++)
        for (int churn = 0; churn <= 24; churn += 3)
            for (int op = OP_INSTALL; op <= OP_REMOVE; op++) {
                long n = powercut(geo[g].page, geo[g].pages, churn, op, &compacting);
                per_op[op] += n;
                total += n;
                runs++;
            }
    printf("power-cut points tested: %ld (install %ld, update %ld, remove %ld; each program or erase cut "
           "once not done and once torn) in %ld runs, %ld of them compacting mid-operation\n",
           total, per_op[0], per_op[1], per_op[2], runs, compacting);
    CHECK(compacting > 0, "no run compacted during the operation: the geometries do not exercise compaction");
    return failures == 0 ? 0 : 1;
}

/* ---- semantics, corruption, wear -------------------------------------------------- */

static void test_semantics(void)
{
    uint8_t buf[16];
    char name[WCAP_DEV_RECORD_NAME_MAX + 1];

    sim_init(&sim, 512, 8);
    CHECK(mount() == 1, "format");
    CHECK(mount() == 0, "mount existing");
    CHECK(io.read(io.user, "x/a", 0, buf, 4) == -1, "absent read");
    CHECK(put("x/a", (const uint8_t *)"hello", 5, 2) == 0, "put");
    CHECK(io.read(io.user, "x/a", 1, buf, sizeof buf) == 4 && memcmp(buf, "ello", 4) == 0, "read at offset");
    CHECK(io.read(io.user, "x/a", 5, buf, 4) == 0, "read at the end");
    CHECK(io.read(io.user, "x/a", 6, buf, 4) == -1, "read past the end");
    /* an aborted rewrite leaves the old record */
    CHECK(io.write_open(io.user, "x/a") == 0 && io.write(io.user, (const uint8_t *)"zzzzzzzzzzz", 11) == 0, "open");
    CHECK(io.write_open(io.user, "x/b") == -1 && st.error == WCAP_E_STORE_STATE, "second open");
    io.write_abort(io.user);
    CHECK(io.read(io.user, "x/a", 0, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0, "abort kept the old");
    CHECK(mount() == 0 && io.read(io.user, "x/a", 0, buf, 5) == 5 && memcmp(buf, "hello", 5) == 0,
          "after abort + remount");
    CHECK(io.write_open(io.user, "bad name") == -1 && st.error == WCAP_E_STORE_NAME, "bad name");
    CHECK(io.write_commit(io.user) == -1 && st.error == WCAP_E_STORE_STATE, "commit without open");
    CHECK(io.erase(io.user, "x/a") == 0 && io.read(io.user, "x/a", 0, buf, 1) == -1, "erase");
    CHECK(io.erase(io.user, "x/none") == 0, "erase absent");
    CHECK(mount() == 0 && io.read(io.user, "x/a", 0, buf, 1) == -1, "erase survives");
    /* floors */
    CHECK(put32("ver/f", 5) == 0 && put32("ver/f", 7) == 0, "raise");
    CHECK(put32("ver/f", 6) == -1 && st.error == WCAP_E_STORE_FLOOR && get32("ver/f") == 7, "lower refused");
    CHECK(put("ver/f", (const uint8_t *)"12345", 5, 5) == -1 && get32("ver/f") == 7, "odd-size floor refused");
    CHECK(io.erase(io.user, "ver/f") == -1 && st.error == WCAP_E_STORE_FLOOR && get32("ver/f") == 7,
          "floor erase refused");
    CHECK(mount() == 0 && get32("ver/f") == 7, "floor survives");
    CHECK(io.list(io.user, 0, name, sizeof name) == 1 && io.list(io.user, 1, name, sizeof name) == 0, "list");
    CHECK(sim.violations == 0 && sim.bad_args == 0, "driver misuse");

    /* the index full */
    sim_init(&sim, 1024, 8);
    mount();
    for (uint32_t i = 0; i < WCAP_DEV_FLASH_RECORDS; i++) {
        char n[16];
        snprintf(n, sizeof n, "r/%u", i);
        CHECK(put(n, (const uint8_t *)"x", 1, 1) == 0, "record %u", i);
    }
    CHECK(put("r/one-more", (const uint8_t *)"x", 1, 1) == -1 && st.error == WCAP_E_STORE_RECORDS, "index full");
    CHECK(put("r/0", (const uint8_t *)"y", 1, 1) == 0, "replacing still works when the index is full");
    CHECK(mount() == 0 && get32("r/one-more") == 0 && st.n == WCAP_DEV_FLASH_RECORDS, "after index full");

    /* the bank full: the old records stay */
    static uint8_t big[4096];
    memset(big, 0x5A, sizeof big);
    sim_init(&sim, 512, 8); /* banks of 2 KB */
    mount();
    CHECK(put("b/1", big, 1200, 100) == 0, "1200 bytes");
    long erases = sim.erases;
    CHECK(put("b/2", big, 1200, 100) == -1 && st.error == WCAP_E_STORE_FULL, "full: %s", wcap_strerror(st.error));
    CHECK(sim.erases == erases, "a hopeless compaction erased %ld pages", sim.erases - erases);
    CHECK(put("b/1", big, 600, 100) == 0, "replace smaller after full: %s", wcap_strerror(st.error));
    CHECK(mount() == 0 && io.read(io.user, "b/1", 599, big, 2) == 1 && io.read(io.user, "b/2", 0, big, 1) == -1,
          "after full");
    CHECK(sim.violations == 0 && sim.bad_args == 0, "driver misuse");

    /* geometry */
    sim_init(&sim, 512, 7);
    CHECK(mount() == WCAP_E_STORE_GEOMETRY && io.write_open(io.user, "x/a") == -1, "odd page count");
    sim_init(&sim, 100, 8);
    CHECK(mount() == WCAP_E_STORE_GEOMETRY, "unaligned page size");
}

/* A populated store: other v3 running, app v2, several boots. */
static uint32_t populate(void)
{
    sim_init(&sim, 512, 12);
    mount();
    device_boot();
    install("other", 3);
    start("other");
    install("app", 1);
    start("app");
    device_boot();
    install("app", 2);
    device_boot();
    return get32("aut/epoch");
}

/* After damage: either locked with WCAP_E_STORE_CORRUPT (every call failing
 * cleanly) or everything as it was; never a lower floor. */
static void check_damaged(const char *what, long where, uint32_t epoch, long *locked)
{
    char name[WCAP_DEV_RECORD_NAME_MAX + 1];
    uint8_t b[4];
    int rc = mount();

    if (rc < 0) {
        CHECK(rc == WCAP_E_STORE_CORRUPT, "%s %ld: mount %d", what, where, rc);
        CHECK(io.read(io.user, "ver/app", 0, b, 4) == -1 && io.list(io.user, 0, name, sizeof name) == 0 &&
                  io.write_open(io.user, "ver/app") == -1 && io.erase(io.user, "cap/app") == -1,
              "%s %ld: locked store answered", what, where);
        (*locked)++;
        return;
    }
    CHECK(blob_version("app") == 2 && blob_version("other") == 3, "%s %ld: blobs app %ld other %ld", what, where,
          blob_version("app"), blob_version("other"));
    CHECK(get32("ver/app") >= 2 && get32("ver/other") >= 3 && get32("aut/epoch") >= epoch,
          "%s %ld: floors app %u other %u epoch %u", what, where, get32("ver/app"), get32("ver/other"),
          get32("aut/epoch"));
    CHECK(device_boot() == 0, "%s %ld: store unusable after mounting: %s", what, where, wcap_strerror(st.error));
}

static void test_damage(void)
{
    uint32_t epoch = populate();
    uint32_t size = sim.page_size * sim.pages;
    long locked = 0, tried = 0;

    snap = sim;
    for (uint32_t off = 0; off < size; off++) { /* every byte, one bit flipped */
        sim = snap;
        if (sim.mem[off] == 0xFF && (off & 7u) != 0)
            continue; /* erased bytes: one in eight is enough */
        sim.mem[off] ^= 0x10;
        check_damaged("flipped byte at", off, epoch, &locked);
        tried++;
    }
    printf("corruption: %ld single-byte flips, %ld locked the store, the rest mounted intact\n", tried, locked);
    long pl = 0;
    for (uint32_t p = 0; p < sim.pages; p++) {
        sim = snap; /* a stray half-written program over the page's second half */
        for (uint32_t i = sim.page_size / 2; i < sim.page_size; i++)
            sim.mem[p * sim.page_size + i] &= (uint8_t)(0xA5u ^ i);
        check_damaged("half-written page", p, epoch, &pl);
        sim = snap; /* garbage page */
        for (uint32_t i = 0; i < sim.page_size; i++)
            sim.mem[p * sim.page_size + i] = (uint8_t)(i * 37u + p);
        check_damaged("garbage page", p, epoch, &pl);
        sim = snap; /* zeroed page */
        memset(sim.mem + p * sim.page_size, 0, sim.page_size);
        check_damaged("zeroed page", p, epoch, &pl);
    }
    printf("damaged pages: %u pages x 3 kinds, %ld locked the store\n", sim.pages, pl);
}

static void test_wear(void)
{
    for (int silent = 0; silent <= 1; silent++) {
        uint32_t epoch = populate(), comp;
        /* wear out a page of the inactive bank: the next compaction's target */
        sim.worn_page = (long)((st.active ^ 1u) * (sim.pages / 2u));
        sim.worn_silent = silent;
        comp = st.compactions;
        int rc = 0;
        uint32_t boots = 0;
        while (rc == 0 && boots < 1000) {
            rc = device_boot();
            boots++;
        }
        CHECK(rc != 0 && st.error == WCAP_E_STORE_ERASE, "worn erase (%s): rc %d, %s", silent ? "silent" : "loud", rc,
              wcap_strerror(st.error));
        CHECK(st.compactions == comp, "compaction counted though it failed");
        CHECK(blob_version("app") == 2 && get32("ver/app") >= 2 && get32("aut/epoch") >= epoch,
              "worn: data or floors lost");
        CHECK(mount() == 0 && blob_version("app") == 2 && blob_version("other") == 3 && get32("ver/app") >= 2 &&
                  get32("ver/other") >= 3 && get32("aut/epoch") >= epoch + boots - 1u,
              "worn (%s): after remount", silent ? "silent" : "loud");
        printf("worn-out erase (%s): refused with '%s' after %u boots; nothing lost\n",
               silent ? "reported as success" : "reported", wcap_strerror(WCAP_E_STORE_ERASE), boots);
    }
}

/* ---- random operations against a model, power cut at a random point -------------- */

#define RN 6
static uint32_t rng = 12345u;
static uint32_t rnd(uint32_t n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

typedef struct {
    int present[RN];
    uint32_t len[RN], seed[RN];
    uint32_t floor[2];
} model_t;

static const char *const rnames[RN] = {"cap/a", "cap/b", "sta/a", "sta/b", "x/c", "x/d"};

static uint8_t rbyte(uint32_t seed, uint32_t i)
{
    return (uint8_t)((seed * 2654435761u + i * 40503u) >> 11);
}

/* 1 if record k holds exactly what the model says. */
static int holds(const model_t *m, int k)
{
    uint8_t b[97];
    uint32_t off = 0;
    int n;

    if (!m->present[k])
        return io.read(io.user, rnames[k], 0, b, 1) == -1;
    while ((n = io.read(io.user, rnames[k], off, b, sizeof b)) > 0) {
        for (int i = 0; i < n; i++)
            if (b[i] != rbyte(m->seed[k], off + (uint32_t)i))
                return 0;
        off += (uint32_t)n;
    }
    return n == 0 && off == m->len[k];
}

/* One random operation; applies it to *after. Returns the record index it
 * touches (RN + f for floor f), or -1 when the store refused it. */
static int random_op(model_t *after)
{
    static uint8_t buf[1600];
    uint32_t r = rnd(10);
    int k = (int)rnd(RN);

    if (r < 5) { /* write, maybe aborted */
        uint32_t len = rnd(4) == 0 ? rnd(8) : rnd(1500), seed = rng;
        for (uint32_t i = 0; i < len; i++)
            buf[i] = rbyte(seed, i);
        if (r == 4) {
            if (io.write_open(io.user, rnames[k]) == 0) {
                (void)io.write(io.user, buf, len / 2);
                io.write_abort(io.user);
            }
            return k;
        }
        if (put(rnames[k], buf, len, 1 + rnd(200)) != 0)
            return -1;
        after->present[k] = 1;
        after->len[k] = len;
        after->seed[k] = seed;
        return k;
    }
    if (r < 8) {
        if (io.erase(io.user, rnames[k]) != 0)
            return -1;
        after->present[k] = 0;
        return k;
    }
    int f = (int)rnd(2);
    uint32_t v = after->floor[f] + rnd(3);
    if (put32(f ? "ver/b" : "ver/a", v) != 0)
        return -1;
    after->floor[f] = v;
    return RN + f;
}

static int test_random(void)
{
    long cuts = 0, ops_total = 0;
    for (int seq = 0; seq < 60; seq++) {
        model_t m;
        memset(&m, 0, sizeof m);
        sim_init(&sim, seq % 2 ? 512 : 1024, seq % 3 ? 16 : 8);
        mount();
        for (int step = 0; step < 120; step++) {
            model_t after = m;
            long ops0 = sim.ops;
            int cut = rnd(4) == 0;
            snap = sim;
            int k = random_op(&after);
            ops_total++;
            long n = sim.ops - ops0;
            if (cut && n > 0) { /* redo it from the snapshot with power cut inside */
                long at = (long)rnd((uint32_t)n);
                sim = snap;
                CHECK(mount() == 0, "random %d/%d: remount", seq, step);
                rng ^= 0x5A5A5A5Au; /* the same operation again is not needed: any write will do */
                sim.cut_at = sim.ops + at;
                sim.torn = (int)rnd(2);
                model_t again = m;
                k = random_op(&again);
                sim_power_on(&sim);
                CHECK(mount() == 0, "random %d/%d: mount after the cut: %s", seq, step, wcap_strerror(st.error));
                /* each record is as before or as after the cut operation */
                for (int j = 0; j < RN; j++) {
                    model_t *pick = holds(&m, j) ? &m : &again;
                    CHECK(holds(pick, j), "random %d/%d: %s neither old nor new (op on %d)", seq, step, rnames[j], k);
                    if (pick == &again)
                        m.present[j] = again.present[j], m.len[j] = again.len[j], m.seed[j] = again.seed[j];
                }
                for (int f = 0; f < 2; f++) {
                    uint32_t got = get32(f ? "ver/b" : "ver/a");
                    CHECK(got >= m.floor[f] && got <= again.floor[f], "random %d/%d: floor %d is %u, was %u", seq, step,
                          f, got, m.floor[f]);
                    m.floor[f] = got;
                }
                cuts++;
                continue;
            }
            m = after;
            for (int j = 0; j < RN; j++)
                CHECK(holds(&m, j), "random %d/%d: %s differs from the model", seq, step, rnames[j]);
            CHECK(get32("ver/a") == m.floor[0] && get32("ver/b") == m.floor[1], "random %d/%d: floors", seq, step);
        }
        CHECK(mount() == 0, "final mount");
        for (int j = 0; j < RN; j++)
            CHECK(holds(&m, j), "random %d: %s after the final mount", seq, rnames[j]);
        CHECK(sim.violations == 0 && sim.bad_args == 0, "random %d: driver misuse", seq);
    }
    printf("random: %ld operations against a model, %ld of them cut at a random program or erase\n", ops_total, cuts);
    return failures == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s powercut|flash\n", argv[0]);
        return 2;
    }
    if (strcmp(argv[1], "powercut") == 0)
        return test_powercut() | test_random();
    test_semantics();
    test_damage();
    test_wear();
    printf("store RAM: %u bytes (wcap_dev_store_flash_t, %u records)\n", (unsigned)sizeof(wcap_dev_store_flash_t),
           (unsigned)WCAP_DEV_FLASH_RECORDS);
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
