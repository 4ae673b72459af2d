/* Progress of a long transfer on stderr: see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

void wcapc_progress_init(wcapc_progress_t *p, size_t total)
{
    p->tty = isatty(2);
    p->last = -1;
    p->total = total;
}

void wcapc_progress_show(wcapc_progress_t *p, size_t done)
{
    if (done > p->total)
        done = p->total;
    int pct = p->total ? (int)(done * 100 / p->total) : 100;
    if (p->tty && pct != p->last) {
        int bar = pct / 4;
        fprintf(stderr, "\rupload [%.*s%*s] %3d%% %zu/%zu bytes", bar, "=========================", 25 - bar, "", pct,
                done, p->total);
        if (done == p->total)
            fputc('\n', stderr);
    } else if (!p->tty && (p->last < 0 || pct / 10 != p->last / 10)) {
        fprintf(stderr, "upload %d%% (%zu/%zu bytes)\n", pct, done, p->total);
    }
    fflush(stderr);
    p->last = pct;
}
