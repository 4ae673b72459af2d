/* Test only: `wcap push BLOB --port P --corrupt-each FROM:TO` (e2e.tamper_every_byte).
 * One install push per blob byte FROM..TO on one connection, each with that
 * byte flipped in transit exactly as --corrupt-at N does, so a test can offer
 * a device thousands of tampered blobs without starting thousands of
 * processes. Every verdict is the device's own answer over the real link. */
#include <stdio.h>

#include "link.h"
#include "wcapc.h"

int wcapc_push_corrupt_each(wcapc_link_t *l, wcapc_dev_opts_t *o, const wcapc_blob_meta_t *m)
{
    for (long n = o->corrupt_from; n <= o->corrupt_to && n < (long)m->len; n++) {
        o->corrupt_at = n;
        int rc = wcapc_push_install(l, m);
        if (rc != WCAPC_EXIT_DEVICE) {
            printf("byte %ld: not refused (exit %d)\n", n, rc);
            return rc;
        }
        printf("byte %ld: refused\n", n);
        fflush(stdout);
    }
    return WCAPC_EXIT_DEVICE;
}
