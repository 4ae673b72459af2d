/*
 * The one-line device description printed at boot:
 *   wcap board ready: target=cortex-m4 abi=1 ram=131072 ram_free=131056 keys=1a2b3c4d5e6f7081 board=mps2-an386 fw=0.1
 * (the same key=value fields as wcapd's ready line)
 * (several trusted keys are listed comma-separated).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "console.h"
#include "fw.h"
#include "wcap/capsule_abi.h"
#include "wcap/targets.h"

typedef struct {
    char *buf;
    size_t cap, len;
} out_t;

static void put(out_t *o, const char *s, size_t n)
{
    if (n > o->cap - o->len)
        n = o->cap - o->len;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void put_str(out_t *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_u32(out_t *o, uint32_t v)
{
    char tmp[10];
    put(o, tmp, wcap_fmt_u32(tmp, v));
}

size_t wcap_fw_banner(char *buf, size_t cap)
{
    out_t o = {buf, cap, 0};
    char hex[2 * WCAP_KEY_ID_SIZE];

    put_str(&o, "wcap board ready: target=");
    put_str(&o, wcap_target_name(wcap_board_info.target_id));
    put_str(&o, " abi=");
    put_u32(&o, WCAP_ABI_VERSION);
    put_str(&o, " ram=");
    put_u32(&o, WCAP_FW_ARENA_SIZE);
    put_str(&o, " ram_free=");
    put_u32(&o, wcap_fw_service_ram_free());
    put_str(&o, " keys=");
    for (size_t i = 0; i < wcap_board_n_trusted_keys; i++) {
        if (i > 0)
            put_str(&o, ",");
        put(&o, hex, wcap_fmt_hex(hex, wcap_board_trusted_keys[i].key_id, WCAP_KEY_ID_SIZE));
    }
    put_str(&o, " board=");
    put_str(&o, wcap_board_info.machine);
    put_str(&o, " fw=" WCAP_FW_VERSION);
    return o.len;
}
