/*
 * Peak native stack of a capsule call, measured by painting: before the
 * outermost guarded call the part of the stack the call may use (its stack
 * budget below the caller's SP) is filled with a pattern; afterwards the
 * deepest word that no longer holds the pattern gives the peak. Only with
 * WCAP_RT_STACK_PEAK=1 and after wcap_rt_stack_peak_enable(1).
 */
#include "wcap/rt.h"
#include "wcap/rt_config.h"

#include "stack_peak.h"

#if WCAP_RT_STACK_PEAK

#define PAINT_WORD ((uintptr_t)0xA5C35A3Cu * (UINTPTR_MAX / 0xFFFFFFFFu))
#define WORD ((uintptr_t)sizeof(uintptr_t))

/* Bytes below this function's SP it leaves alone: the x86_64 SysV red zone
 * may hold a leaf's locals without moving SP. */
#if defined(__x86_64__)
#define PAINT_GAP 128u
#else
#define PAINT_GAP 0u
#endif

static uint8_t paint_on;
static uint32_t last_peak;

int wcap_rt_stack_peak_enable(int on)
{
    paint_on = (on != 0) ? 1u : 0u;
    last_peak = 0u;
    return WCAP_OK;
}

uint32_t wcap_rt_stack_peak(void)
{
    return last_peak;
}

/* noinline: its frame must lie above the painted area. */
__attribute__((noinline)) int wcap_rt_stack_paint(wcap_rt_paint_t *p, uintptr_t ref_sp, uint32_t budget)
{
    volatile uintptr_t *w;
    uintptr_t own = wcap_read_sp();

    if (!paint_on || budget >= ref_sp || own < PAINT_GAP + WORD) {
        return 0;
    }
    p->ref = ref_sp;
    p->bottom = (ref_sp - budget + WORD - 1u) & ~(WORD - 1u);
    p->top = (own - PAINT_GAP) & ~(WORD - 1u);
    if (p->top <= p->bottom) {
        return 0;
    }
    for (w = (volatile uintptr_t *)p->bottom; (uintptr_t)w < p->top; w++) {
        *w = PAINT_WORD;
    }
    return 1;
}

void wcap_rt_stack_measure(const wcap_rt_paint_t *p)
{
    const volatile uintptr_t *w = (const volatile uintptr_t *)p->bottom;

    while ((uintptr_t)w < p->top && *w == PAINT_WORD) {
        w++;
    }
    /* Untouched paint: the call stayed within the unpainted gap above top
     * (the resolution of the measurement); report that gap. */
    last_peak = (uint32_t)(p->ref - (uintptr_t)w);
}

#else /* !WCAP_RT_STACK_PEAK */

int wcap_rt_stack_peak_enable(int on)
{
    (void)on;
    return WCAP_E_RT_NO_STACK_PEAK;
}

uint32_t wcap_rt_stack_peak(void)
{
    return 0u;
}

#endif
