/* Choosing the transport once (link.h): --coap URI, else --port P. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "diag.h"

int wcapc_link_open(wcapc_link_t *l, const wcapc_dev_opts_t *o)
{
    memset(l, 0, sizeof *l);
    l->o = o;
    int rc = o->coap != NULL ? wcapc_link_open_coap(l, o) : wcapc_link_open_serial(l, o);
    if (rc != WCAPC_EXIT_OK)
        l->ops = NULL; /* nothing to close */
    return rc;
}

void wcapc_link_close(wcapc_link_t *l)
{
    if (l->ops != NULL)
        l->ops->close(l);
    l->ops = NULL;
    free(l->out);
    l->out = NULL;
    l->out_len = l->out_cap = 0;
    fflush(stdout);
}
