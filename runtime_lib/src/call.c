/*
 * Entering a capsule: trap guard (setjmp), per-call stack and time budgets,
 * nesting (a host import may call into another capsule), and export lookup.
 */
#include <setjmp.h>
#include <string.h>

#include "wcap/port.h"
#include "wcap/rt.h"
#include "wcap/rt_config.h"
#if WCAP_RT_STACK_PEAK
#include "stack_peak.h"
#endif

#define WCAP_NO_DEADLINE UINT64_MAX

/* One active guarded call; lives on the C stack of wcap_rt_guarded_call. */
typedef struct wcap_rt_frame {
    struct wcap_rt_frame *prev;
    wcap_rt_capsule_t *capsule;
    uint64_t deadline; /* absolute ms, or WCAP_NO_DEADLINE */
} wcap_rt_frame_t;

wcap_rt_capsule_t *wcap_rt_current;
static wcap_rt_frame_t *wcap_rt_top;

void wcap_rt_on_timer(void)
{
    wcap_rt_capsule_t *c = wcap_rt_current;
    if (c != NULL && c->info != NULL && c->info->interrupt != NULL) {
        *c->info->interrupt = 1u;
        *(volatile uintptr_t *)c->info->stack_limit = UINTPTR_MAX; /* next prologue traps too */
    }
}

static uint64_t frame_deadline(const wcap_rt_capsule_t *c, uint64_t now)
{
    uint64_t d = (c->time_budget_ms != 0u) ? now + c->time_budget_ms : WCAP_NO_DEADLINE;
    if (wcap_rt_top != NULL && wcap_rt_top->deadline < d) {
        d = wcap_rt_top->deadline; /* an inner call never outlives the outer budget */
    }
    return d;
}

/* Arms the port's one-shot timer for frame `f`, or flags it when already late. */
static void arm_for(const wcap_rt_frame_t *f)
{
    uint64_t now;
    if (f->deadline == WCAP_NO_DEADLINE) {
        wcap_port_deadline_disarm();
        return;
    }
    now = wcap_port_millis();
    if (now >= f->deadline) {
        *f->capsule->info->interrupt = 1u;
        *(volatile uintptr_t *)f->capsule->info->stack_limit = UINTPTR_MAX;
        wcap_port_deadline_arm(0u); /* the port's timer preempts it (wcap_rt_preempt_pc) */
        return;
    }
    wcap_port_deadline_arm((uint32_t)(f->deadline - now > 0xFFFFFFFFu ? 0xFFFFFFFFu : f->deadline - now));
}

static uintptr_t stack_limit_for(uint32_t budget)
{
    uintptr_t sp = wcap_read_sp();
    return (budget >= sp) ? 0u : sp - budget;
}

int wcap_rt_guarded_call(wcap_rt_capsule_t *c, void (*fn)(void *arg, wcap_val_t *vals), void *arg, wcap_val_t *vals)
{
    jmp_buf jb;
    wcap_rt_frame_t f;
    wcap_rt_capsule_t *outer = wcap_rt_current;
    int rc;
#if WCAP_RT_STACK_PEAK
    wcap_rt_paint_t paint;
    int painted;
#endif

    if (c == NULL || fn == NULL || c->info == NULL || c->info->stack_limit == NULL || c->info->interrupt == NULL) {
        return WCAP_E_RT_BAD_ARG;
    }
    if (c->running) {
        return WCAP_E_RT_BUSY;
    }
    f.prev = wcap_rt_top;
    f.capsule = c;
    f.deadline = frame_deadline(c, wcap_port_millis());

    *c->info->stack_limit = stack_limit_for(c->stack_budget);
    *c->info->interrupt = 0u;
    c->trap_jmp = &jb;
    c->last_trap = WASM_RT_TRAP_NONE;
    c->rt_error = 0;
    c->exited = 0u;
    c->running = 1u;
    wcap_rt_top = &f;
    wcap_rt_current = c;
    arm_for(&f);

#if WCAP_RT_STACK_PEAK
    /* outermost calls only (a nested call is part of the outer's peak); just
     * around the call, so the timer calls above are not counted */
    painted = (f.prev == NULL) ? wcap_rt_stack_paint(&paint, c->stack_budget) : 0;
#endif
    if (setjmp(jb) == 0) {
        fn(arg, vals);
        rc = WCAP_OK;
    } else if (c->last_trap == WASM_RT_TRAP_EXIT && c->exit_code == 0) {
        c->last_trap = WASM_RT_TRAP_NONE; /* WASI proc_exit(0): a normal end of the call */
        c->exited = 1u;
        rc = WCAP_OK;
    } else {
        rc = WCAP_E_RT_TRAP;
    }
#if WCAP_RT_STACK_PEAK
    if (painted) {
        wcap_rt_stack_measure(&paint);
    }
#endif

    wcap_port_deadline_disarm();
    wcap_rt_top = f.prev;
    wcap_rt_current = outer;
    c->running = 0u;
    c->trap_jmp = NULL;
    if (f.prev != NULL) {
        arm_for(f.prev);
    }
    return rc;
}

int wcap_rt_sig_parse(const char *sig, uint32_t *nparams, uint32_t *nresults)
{
    uint32_t n[2] = {0, 0};
    unsigned side = 0;
    const char *p;

    if (sig == NULL) {
        return -1;
    }
    for (p = sig; *p != '\0'; p++) {
        if (*p == ':' && side == 0u) {
            side = 1u;
        } else if (*p == 'i' || *p == 'I' || *p == 'f' || *p == 'F') {
            n[side]++;
        } else {
            return -1;
        }
    }
    if (side != 1u) {
        return -1;
    }
    *nparams = n[0];
    *nresults = n[1];
    return 0;
}

const wcap_export_t *wcap_rt_find_export(const wcap_rt_capsule_t *c, const char *name)
{
    uint32_t i;
    if (c == NULL || c->info == NULL || name == NULL) {
        return NULL;
    }
    for (i = 0; i < c->info->n_exports; i++) {
        const wcap_export_t *e = &c->info->exports[i];
        if (e->name != NULL && strcmp(e->name, name) == 0) {
            return e;
        }
    }
    return NULL;
}

int wcap_rt_call_export(wcap_rt_capsule_t *c, const char *name, wcap_val_t *vals, size_t nvals,
                        const wcap_export_t **found)
{
    const wcap_export_t *e = wcap_rt_find_export(c, name);
    uint32_t np, nr;
    int rc;

    if (found != NULL) {
        *found = e;
    }
    if (e == NULL || e->fn == NULL) {
        return WCAP_E_RT_NO_EXPORT;
    }
    if (wcap_rt_sig_parse(e->sig, &np, &nr) != 0 || nvals < np || nvals < nr) {
        return WCAP_E_RT_ARGS;
    }
    if (!c->running) {
        c->export_index = (uint32_t)(e - c->info->exports);
    }
    rc = wcap_rt_guarded_call(c, (void (*)(void *, wcap_val_t *))e->fn, c->instance, vals);
    if (rc == WCAP_OK && c->exited) { /* ended by proc_exit(0): its results are 0 */
        uint32_t i;
        for (i = 0; i < nr; i++) {
            vals[i].i64 = 0u;
        }
    }
    return rc;
}
