/*
 * Peak native stack of a capsule call, measured by painting: before the
 * outermost guarded call the part of the stack the call may use (its stack
 * budget below the caller's SP) is filled with a pattern; afterwards the
 * deepest word that no longer holds the pattern gives the peak (the painting
 * itself is inlined into wcap_rt_guarded_call: stack_peak.h). Only with
 * WCAP_RT_STACK_PEAK=1 and after wcap_rt_stack_peak_enable(1).
 */
#include "wcap/rt.h"
#include "wcap/rt_config.h"

#if WCAP_RT_STACK_PEAK

#include "stack_peak.h"

uint8_t wcap_rt_paint_on;
uint32_t wcap_rt_paint_peak;

int wcap_rt_stack_peak_enable(int on)
{
    wcap_rt_paint_on = (on != 0) ? 1u : 0u;
    wcap_rt_paint_peak = 0u;
    return WCAP_OK;
}

uint32_t wcap_rt_stack_peak(void)
{
    return wcap_rt_paint_peak;
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
