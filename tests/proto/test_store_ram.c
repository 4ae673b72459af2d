/* proto.store_ram: the RAM store: commit replaces atomically, abort keeps the
 * old record, erase compacts, a full buffer fails cleanly, reads are bounded. */
#include <string.h>

#include "check.h"
#include "wcap/dev/store_ram.h"

static wcap_dev_store_ram_t s;
static wcap_dev_store_t st;
static uint8_t buf[256];

static int put(const char *name, const char *data)
{
    if (st.write_open(st.user, name) != 0)
        return -1;
    if (st.write(st.user, (const uint8_t *)data, strlen(data)) != 0) {
        st.write_abort(st.user);
        return -1;
    }
    return st.write_commit(st.user);
}

static int get(const char *name, char *out)
{
    int n = st.read(st.user, name, 0, (uint8_t *)out, 200);
    if (n >= 0)
        out[n] = 0;
    return n;
}

int main(void)
{
    char out[256], name[64];
    wcap_dev_store_ram_init(&s, buf, sizeof buf, &st);

    CHECK(put("cap/a", "AAAA") == 0 && put("ver/a", "1") == 0 && put("cap/b", "BBBBBB") == 0);
    CHECK(get("cap/a", out) == 4 && !strcmp(out, "AAAA"));
    CHECK(put("cap/a", "aa") == 0); /* replace */
    CHECK(get("cap/a", out) == 2 && !strcmp(out, "aa"));
    CHECK(get("cap/b", out) == 6 && !strcmp(out, "BBBBBB"));
    CHECK(get("ver/a", out) == 1 && !strcmp(out, "1"));
    /* abort keeps the old record */
    CHECK(st.write_open(st.user, "cap/b") == 0);
    CHECK(st.write(st.user, (const uint8_t *)"zz", 2) == 0);
    st.write_abort(st.user);
    CHECK(get("cap/b", out) == 6);
    /* offsets and bounds */
    CHECK(st.read(st.user, "cap/b", 4, (uint8_t *)out, 100) == 2);
    CHECK(st.read(st.user, "cap/b", 7, (uint8_t *)out, 100) == -1);
    CHECK(st.read(st.user, "cap/zz", 0, (uint8_t *)out, 100) == -1);
    /* erase while a write is open moves the open bytes too */
    CHECK(st.write_open(st.user, "cap/c") == 0);
    CHECK(st.write(st.user, (const uint8_t *)"CCC", 3) == 0);
    CHECK(st.erase(st.user, "cap/a") == 0);
    CHECK(st.write_commit(st.user) == 0);
    CHECK(get("cap/c", out) == 3 && !strcmp(out, "CCC"));
    CHECK(get("cap/a", out) == -1 && get("cap/b", out) == 6);
    /* list */
    int n = 0;
    for (uint32_t i = 0; st.list(st.user, i, name, sizeof name) == 1; i++)
        n++;
    CHECK(n == 3);
    /* full: a write that does not fit fails, nothing changes */
    char big[300];
    memset(big, 'x', 299);
    big[299] = 0;
    CHECK(put("cap/big", big) == -1);
    CHECK(get("cap/big", out) == -1 && get("cap/c", out) == 3);
    CHECK(st.write_open(st.user, "cap/x") == 0 && st.write_open(st.user, "cap/y") == -1);
    st.write_abort(st.user);
    CHECK_DONE();
}
