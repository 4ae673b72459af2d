/*
 * host/compiler/wasm_access.c and w2c_access.c: the access list of a module
 * (dead code left out as wasm2c leaves it out), and the cross-check of C
 * against it, which must refuse a lost, an extra, a reordered access and a
 * missing function; and w2c_loops.c's two copies of a loop, which the
 * cross-check reads both of.
 *
 *   wcapc_access_map ACCESSMAP.wasm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "w2c.h"
#include "wasm_access.h"
#include "wasm_check.h"

static int failures;

#define CHECK(cond, ...)                           \
    do {                                           \
        if (!(cond)) {                             \
            fprintf(stderr, "FAIL: " __VA_ARGS__); \
            fputc('\n', stderr);                   \
            failures++;                            \
        }                                          \
    } while (0)

static int kind_of(const char *helper)
{
    for (size_t k = 0; k < wcapc_n_access_kinds; k++)
        if (strcmp(wcapc_access_kinds[k].helper, helper) == 0)
            return (int)k;
    return -1;
}

static int cross_check(const wcapc_accesses_t *a, const char *c_text, char *err, size_t errcap)
{
    wcapc_buf_t b = {0};
    if (wcapc_buf_put(&b, c_text, strlen(c_text)))
        return -2;
    int rc = wcapc_w2c_check_accesses(&b, a, err, errcap);
    wcapc_buf_free(&b);
    return rc;
}

/* The C of the module's two functions the way wasm2c 1.0.32 writes it (shortened). */
static const char good[] =
    "static void init_memories(Z_capsule_instance_t* instance) {\n"
    "  wasm_rt_allocate_memory(&instance->w2c_memory, 1, 65536);\n"
    "}\n"
    "static u32 w2c_a(Z_capsule_instance_t* instance, u32 w2c_p0) {\n"
    "  i32_store(&wcap_mem, (u64)(w2c_i0) + 8, w2c_i1);\n"
    "  goto w2c_B0;\n"
    "  if (w2c_i0) {\n"
    "    TRAP(UNREACHABLE);\n"
    "  } else {\n"
    "    WCAP_CHECK_ONE(&wcap_mem, (u64)(w2c_i0), 1); i32_store8_nc(&wcap_mem, (u64)(w2c_i0), w2c_i1);\n"
    "  }\n"
    "  f64_store(&wcap_mem, (u64)(w2c_i0) + 16, w2c_d1);\n"
    "  w2c_i0 = i32_load16_u(&wcap_mem, (u64)(w2c_i0) + 2u);\n"
    "  return w2c_i0;\n"
    "}\n"
    "static void w2c_b(Z_capsule_instance_t* instance, u32 w2c_p0) {\n"
    "  memory_fill(&instance->w2c_memory, w2c_i0, w2c_i1, w2c_i2); WCAP_MEM_REFRESH(instance->w2c_memory);\n"
    "  return;\n"
    "}\n";

static void replace(char *dst, size_t cap, const char *src, const char *from, const char *to)
{
    const char *at = strstr(src, from);
    snprintf(dst, cap, "%.*s%s%s", (int)(at - src), src, to, at + strlen(from));
}

/* Function a of `good` with its last two accesses in a loop whose first check is covered. */
static const char looped[] =
    "static u32 w2c_a(Z_capsule_instance_t* instance, u32 w2c_p0) {\n"
    "  i32_store(&wcap_mem, (u64)(w2c_i0) + 8, w2c_i1);\n"
    "  WCAP_CHECK_ONE(&wcap_mem, (u64)(w2c_i0), 1); i32_store8_nc(&wcap_mem, (u64)(w2c_i0), w2c_i1);\n"
    "  w2c_L1: \n"
    "    WCAP_CHECK_ONE(&wcap_mem, (u64)(w2c_i0), 8); f64_store_nc(&wcap_mem, (u64)(w2c_i0) + 16, w2c_d1);\n"
    "    if (w2c_i0) {goto w2c_B2;}\n"
    "    w2c_i0 = i32_load16_u(&wcap_mem, (u64)(w2c_i0) + 2u);\n"
    "    w2c_B2:;\n"
    "    if (w2c_i0) {goto w2c_L1;}\n"
    "  return w2c_i0;\n"
    "}\n"
    "static void w2c_b(Z_capsule_instance_t* instance, u32 w2c_p0) {\n"
    "  memory_fill(&instance->w2c_memory, w2c_i0, w2c_i1, w2c_i2);\n"
    "}\n";

static const char looped_copies[] = "  if (wcap_ok1) { /* wcap: loop 1 without its covered checks */\n"
                                    "  wcap_u_w2c_L1: \n"
                                    "    /* wcap_ok1 */ f64_store_nc(&wcap_mem, (u64)(w2c_i0) + 16, w2c_d1);\n"
                                    "    if (w2c_i0) {goto wcap_u_w2c_B2;}\n"
                                    "    w2c_i0 = i32_load16_u(&wcap_mem, (u64)(w2c_i0) + 2u);\n"
                                    "    wcap_u_w2c_B2:;\n"
                                    "    if (w2c_i0) {goto wcap_u_w2c_L1;}\n"
                                    "  } else { /* wcap: loop 1 with every check */\n"
                                    "  w2c_L1: \n";

/* w2c_loops.c on `text` (loop 1 at its "w2c_L1" line, the check before f64_store covered). */
static int copy_loops(const char *text, wcapc_buf_t *b)
{
    const char *label = strstr(text, "  w2c_L1:"), *chk = strstr(text, "WCAP_CHECK_ONE(&wcap_mem, (u64)(w2c_i0), 8)");
    size_t at = label ? (size_t)(label - text) : (size_t)-1, from = chk ? (size_t)(chk - text) : 0;
    wcapc_w2c_cut_t cut = {1, from, from + strlen("WCAP_CHECK_ONE(&wcap_mem, (u64)(w2c_i0), 8); ")};
    memset(b, 0, sizeof *b);
    return wcapc_buf_put(b, text, strlen(text)) || wcapc_w2c_copy_loops(b, &at, 1, &cut, chk ? 1 : 0) ? -1 : 0;
}

static int cross_check_buf(const wcapc_accesses_t *a, wcapc_buf_t *b, char *err, size_t errcap)
{
    int rc = wcapc_buf_put(b, "", 1) ? -2 : cross_check(a, (const char *)b->data, err, errcap);
    wcapc_buf_free(b);
    return rc;
}

/* The two copies: made as the example says, read by the cross-check, refused when they differ. */
static void test_copies(const wcapc_accesses_t *a)
{
    char err[512], bad[sizeof looped + 64];
    wcapc_buf_t b;
    CHECK(copy_loops(looped, &b) == 0 && wcapc_buf_put(&b, "", 1) == 0, "copy failed");
    CHECK(strstr((const char *)b.data, looped_copies) && strstr((const char *)b.data, "  } /* wcap: end of loop 1 */\n"
                                                                                      "  return w2c_i0;\n"),
          "copies:\n%s", (const char *)b.data);
    b.len--;
    CHECK(cross_check_buf(a, &b, err, sizeof err) == 0, "the copies refused: %s", err);
    replace(bad, sizeof bad, looped, "    if (w2c_i0) {goto w2c_L1;}\n", "");
    CHECK(copy_loops(bad, &b) == 0 && b.len == strlen(bad) && memcmp(b.data, bad, b.len) == 0,
          "a loop without its back edge was copied");
    wcapc_buf_free(&b);
    CHECK(copy_loops(looped, &b) == 0, "copy failed");
    char *lost = b.data ? strstr((char *)b.data, "i32_load16_u(") : NULL;
    if (lost)
        memcpy(lost, "i32_lost16_u(", 13); /* the first copy loses an access */
    CHECK(lost && cross_check_buf(a, &b, err, sizeof err) == -1 && strstr(err, "two copies"), "lost in a copy: %s",
          err);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s ACCESSMAP.wasm\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    static uint8_t bytes[4096];
    size_t len = f ? fread(bytes, 1, sizeof bytes, f) : 0;
    if (f)
        fclose(f);
    char err[512];
    wcapc_module_t m;
    wcapc_accesses_t a;
    if (len == 0 || wcapc_wasm_parse(bytes, len, &m, err, sizeof err) || wcapc_accesses_read(&m, &a, err, sizeof err)) {
        fprintf(stderr, "FAIL: %s: %s\n", argv[1], len ? err : "unreadable");
        return 1;
    }

    /* The list: function a keeps 3 of its 5 stores/loads, b 1 of 2. */
    static const struct {
        const char *helper;
        uint32_t offset;
    } want[] = {{"i32_store", 8}, {"i32_store8", 0}, {"f64_store", 16}, {"i32_load16_u", 2}, {"memory_fill", 0}};
    CHECK(a.n_funcs == 2 && a.first[0] == 0 && a.first[1] == 4 && a.first[2] == 5, "functions %u, firsts %u %u %u",
          a.n_funcs, a.first[0], a.n_funcs > 0 ? a.first[1] : 0, a.n_funcs > 1 ? a.first[2] : 0);
    for (uint32_t i = 0; i < a.n && i < 5; i++)
        CHECK(a.kind[i] == kind_of(want[i].helper) && a.offset[i] == want[i].offset, "access %u: %s +%u, want %s +%u",
              i, wcapc_access_kinds[a.kind[i]].helper, a.offset[i], want[i].helper, want[i].offset);

    /* The cross-check accepts the matching C and refuses each kind of damage. */
    char bad[sizeof good + 64];
    CHECK(cross_check(&a, good, err, sizeof err) == 0, "matching C refused: %s", err);
    replace(bad, sizeof bad, good, "  f64_store(&wcap_mem, (u64)(w2c_i0) + 16, w2c_d1);\n", "");
    CHECK(cross_check(&a, bad, err, sizeof err) == -1 && strstr(err, "f64_store in the Wasm"), "lost access: %s", err);
    replace(bad, sizeof bad, good, "  return w2c_i0;\n", "  w2c_i0 = i32_load(&wcap_mem, (u64)(w2c_i0));\n");
    CHECK(cross_check(&a, bad, err, sizeof err) == -1 && strstr(err, "i32_load in the C"), "extra access: %s", err);
    replace(bad, sizeof bad, good, "i32_store8_nc(", "i32_store16_nc(");
    CHECK(cross_check(&a, bad, err, sizeof err) == -1 && strstr(err, "access 1: i32_store16"), "wrong kind: %s", err);
    replace(bad, sizeof bad, good, "static void w2c_b(", "static void w2c_b_decl(Z_capsule_instance_t*);\nvoid nb(");
    CHECK(cross_check(&a, bad, err, sizeof err) == -1 && strstr(err, "1 function bodies in the C, 2"),
          "missing function: %s", err);
    replace(bad, sizeof bad, good, "  return;\n}\n",
            "  return;\n}\nstatic void w2c_c(Z_capsule_instance_t* instance) {\n}\n");
    CHECK(cross_check(&a, bad, err, sizeof err) == -1 && strstr(err, "more functions in the C"), "extra function: %s",
          err);
    test_copies(&a);

    wcapc_accesses_free(&a);
    wcapc_wasm_free(&m);
    if (failures)
        return 1;
    printf("access map: 5 accesses in 2 functions, dead code left out; 5 kinds of damage refused; a loop's two "
           "copies made, read and refused when they differ\n");
    return 0;
}
