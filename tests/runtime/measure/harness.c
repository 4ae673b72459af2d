/*
 * Check-cost harness: runs one export of a capsule whose wasm2c C (from
 * `wcap build --keep-temps`) is compiled into this binary, under the real
 * runtime, so variants with and without the loop / stack checks can be
 * compared with callgrind. Not a test; used by measure_checks.sh.
 *   harness EXPORT REPEAT [ARGS...]   (i32 args only; prints the i32 result)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wcap/rt.h"

extern const wcap_capsule_info_t wcap_capsule_info;

static uint8_t region[1u << 20] __attribute__((aligned(64)));
static wcap_rt_capsule_t cap;

static void do_init(void *arg, wcap_val_t *v)
{
    (void)arg;
    (void)v;
    wcap_capsule_info.init_module();
}

static void do_inst(void *arg, wcap_val_t *v)
{
    (void)arg;
    (void)v;
    wcap_capsule_info.instantiate(cap.instance, &cap);
}

int main(int argc, char **argv)
{
    wcap_val_t v[8];
    long i, repeat;
    int k, rc = 0;
    if (argc < 3) {
        return 2;
    }
    repeat = atol(argv[2]);
    cap.info = &wcap_capsule_info;
    cap.region.base = region;
    cap.region.size = sizeof region;
    cap.mem_reserve = 65536;
    cap.stack_budget = 64 * 1024;
    cap.instance = wcap_region_alloc(&cap.region, wcap_capsule_info.instance_size, 16);
    wasm_rt_init();
    if (wcap_rt_guarded_call(&cap, do_init, NULL, NULL) || wcap_rt_guarded_call(&cap, do_inst, NULL, NULL)) {
        return 1;
    }
    for (i = 0; i < repeat && rc == 0; i++) {
        for (k = 3; k < argc && k < 11; k++) {
            v[k - 3].i32 = (uint32_t)strtoul(argv[k], NULL, 0);
        }
        rc = wcap_rt_call_export(&cap, argv[1], v, 8, NULL);
    }
    printf("%d\n", rc == 0 ? (int)v[0].i32 : -1);
    return rc != 0;
}
