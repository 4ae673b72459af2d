/* `wcap reboot --port P`: the device answers the Reboot request, then resets
 * (docs/device-protocol.md). Installed capsules come back from its store. */
#include <stdio.h>

#include "client.h"
#include "wcapc.h"

int wcapc_cmd_reboot(int argc, char **argv)
{
    static const char usage[] = "wcap reboot --port P";
    wcapc_dev_opts_t o;
    wcapc_sess_t s;
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    int rc = wcapc_dev_opts(argc, argv, usage, 0, 0, &o);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    if (o.coap != NULL || o.n_pos != 0)
        return wcapc_fail(WCAPC_EXIT_USAGE, "usage: %s", usage);
    if ((rc = wcapc_sess_open(&s, &o)) != WCAPC_EXIT_OK)
        return rc;
    rq.which_body = wcap_Request_reboot_tag;
    if ((rc = wcapc_sess_call(&s, &rq, &rs, 0)) == WCAPC_EXIT_OK) {
        if (rs.code != 0)
            rc = wcapc_device_error(&rs);
        else
            printf("rebooting\n");
    }
    wcapc_sess_close(&s);
    return rc;
}
