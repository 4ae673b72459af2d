/*
 * Stack painting around an outermost guarded call (private to runtime_lib;
 * the public side is wcap_rt_stack_peak* in wcap/rt.h). Compiled in only with
 * WCAP_RT_STACK_PEAK=1 (wcap/rt_config.h); call.c uses these only then.
 */
#ifndef WCAP_RT_STACK_PEAK_PRIV_H
#define WCAP_RT_STACK_PEAK_PRIV_H

#include <stdint.h>

/* What one painting covered: [bottom, top) is painted; `ref` is the stack
 * pointer the budget is counted from (the guarded call's own SP). */
typedef struct {
    uintptr_t ref;
    uintptr_t bottom;
    uintptr_t top;
} wcap_rt_paint_t;

/*
 * When painting is enabled, fills the `budget` bytes below `ref_sp` (minus
 * this function's own frame and, on x86_64, the red zone) with the paint
 * pattern and returns 1; otherwise returns 0 and paints nothing.
 */
int wcap_rt_stack_paint(wcap_rt_paint_t *p, uintptr_t ref_sp, uint32_t budget);

/* Finds the deepest overwritten word of painting `p` and records the peak
 * (bytes below p->ref) for wcap_rt_stack_peak(). */
void wcap_rt_stack_measure(const wcap_rt_paint_t *p);

#endif /* WCAP_RT_STACK_PEAK_PRIV_H */
