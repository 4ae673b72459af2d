/*
 * Compile-time bounds of runtime_lib. Override with -D on a board build.
 */
#ifndef WCAP_RT_CONFIG_H
#define WCAP_RT_CONFIG_H

/* Distinct call_indirect signatures since boot (6 bytes each). */
#ifndef WCAP_RT_MAX_FUNC_TYPES
#define WCAP_RT_MAX_FUNC_TYPES 64
#endif
/* Bytes of packed value types shared by all signatures (2 types per byte). */
#ifndef WCAP_RT_FUNC_TYPE_POOL
#define WCAP_RT_FUNC_TYPE_POOL 128
#endif
/* Largest params+results of one registered signature. */
#ifndef WCAP_RT_MAX_SIG_TYPES
#define WCAP_RT_MAX_SIG_TYPES 32
#endif
/* Largest slice of one sleep_ms wait, so the interrupt flag is seen quickly. */
#ifndef WCAP_RT_SLEEP_SLICE_MS
#define WCAP_RT_SLEEP_SLICE_MS 10u
#endif
/* 1: compile in stack painting (wcap_rt_stack_peak_enable / wcap_rt_stack_peak
 * in wcap/rt.h); 0: guarded calls carry no painting code at all. */
#ifndef WCAP_RT_STACK_PEAK
#define WCAP_RT_STACK_PEAK 0
#endif
/* Alignment of linear memory and tables inside the capsule block. */
#define WCAP_RT_ALIGN 16u

#endif /* WCAP_RT_CONFIG_H */
