/*
 * Stack painting around an outermost guarded call (private to runtime_lib;
 * the public side is wcap_rt_stack_peak* in wcap/rt.h). Compiled in only with
 * WCAP_RT_STACK_PEAK=1 (wcap/rt_config.h); call.c uses these only then.
 *
 * Both steps are inlined into wcap_rt_guarded_call, so they run in its frame:
 * painting starts right at its stack pointer (a function that makes calls
 * keeps nothing below SP, no red zone), and no callee frame of the runtime
 * overwrites painted words before they are read.
 */
#ifndef WCAP_RT_STACK_PEAK_PRIV_H
#define WCAP_RT_STACK_PEAK_PRIV_H

#include <stdint.h>

#include "wasm-rt.h"

#define WCAP_RT_PAINT_WORD ((uintptr_t)0xA5C35A3Cu * (UINTPTR_MAX / 0xFFFFFFFFu))
#define WCAP_RT_PAINT_ALIGN ((uintptr_t)sizeof(uintptr_t))

/* Set by wcap_rt_stack_peak_enable; the last measured peak (stack_peak.c). */
extern uint8_t wcap_rt_paint_on;
extern uint32_t wcap_rt_paint_peak;

/* What one painting covered: [bottom, top) holds the pattern; `ref` is the
 * stack pointer the budget is counted from (the guarded call's own SP). */
typedef struct {
    uintptr_t ref;
    uintptr_t bottom;
    uintptr_t top;
} wcap_rt_paint_t;

/*
 * When painting is enabled, fills the `budget` bytes below the caller's SP
 * with the pattern (volatile word stores: never turned into a memset call)
 * and returns 1; otherwise returns 0 and paints nothing.
 */
static inline __attribute__((always_inline)) int wcap_rt_stack_paint(wcap_rt_paint_t *p, uint32_t budget)
{
    volatile uintptr_t *w;
    uintptr_t sp = wcap_read_sp();

    if (!wcap_rt_paint_on || budget >= sp) {
        return 0;
    }
    p->ref = sp;
    p->top = sp & ~(WCAP_RT_PAINT_ALIGN - 1u);
    p->bottom = (sp - budget + WCAP_RT_PAINT_ALIGN - 1u) & ~(WCAP_RT_PAINT_ALIGN - 1u);
    for (w = (volatile uintptr_t *)p->bottom; (uintptr_t)w < p->top; w++) {
        *w = WCAP_RT_PAINT_WORD;
    }
    return 1;
}

/* Finds the deepest word of painting `p` that no longer holds the pattern
 * and records its distance below p->ref as the peak. */
static inline __attribute__((always_inline)) void wcap_rt_stack_measure(const wcap_rt_paint_t *p)
{
    const volatile uintptr_t *w = (const volatile uintptr_t *)p->bottom;

    while ((uintptr_t)w < p->top && *w == WCAP_RT_PAINT_WORD) {
        w++;
    }
    wcap_rt_paint_peak = (uint32_t)(p->ref - (uintptr_t)w);
}

#endif /* WCAP_RT_STACK_PEAK_PRIV_H */
