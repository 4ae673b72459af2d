/*
 * Traps: record the reason in the running capsule and unwind with longjmp to
 * the wcap_rt_guarded_call that entered it. Messages follow the Wasm spec
 * test suite's wording. Also the asynchronous timeout: the port's timer
 * interrupt asks wcap_rt_preempt_pc where to resume an interrupted capsule.
 */
#include <setjmp.h>
#include <string.h>

#include "wcap/rt.h"

static const char *const wcap_trap_text[WASM_RT_TRAP_COUNT_] = {
    [WASM_RT_TRAP_NONE] = "no trap",
    [WASM_RT_TRAP_OOB] = "out of bounds memory access",
    [WASM_RT_TRAP_INT_OVERFLOW] = "integer overflow",
    [WASM_RT_TRAP_DIV_BY_ZERO] = "integer divide by zero",
    [WASM_RT_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [WASM_RT_TRAP_UNREACHABLE] = "unreachable executed",
    [WASM_RT_TRAP_CALL_INDIRECT] = "indirect call type mismatch",
    [WASM_RT_TRAP_UNCAUGHT_EXCEPTION] = "uncaught exception",
    [WASM_RT_TRAP_EXHAUSTION] = "call stack exhausted",
    [WASM_RT_TRAP_TIMEOUT] = "time budget exceeded",
    [WASM_RT_TRAP_HOST] = "host call refused",
    [WASM_RT_TRAP_EXIT] = "exit with a non-zero code",
};

const char *wcap_rt_trap_message(wasm_rt_trap_t trap)
{
    if ((unsigned)trap >= (unsigned)WASM_RT_TRAP_COUNT_) {
        return "unknown trap";
    }
    return wcap_trap_text[trap];
}

const char *wasm_rt_strerror(wasm_rt_trap_t trap)
{
    return wcap_rt_trap_message(trap);
}

void wcap_rt_trap_text(const wcap_rt_capsule_t *c, char *out, size_t cap)
{
    size_t n = 0u;
    if (cap == 0u) {
        return;
    }
    if (c->last_trap == WASM_RT_TRAP_EXIT && cap >= 18u) { /* "exit(-2147483648)" */
        char digits[10];
        uint32_t v = c->exit_code < 0 ? 0u - (uint32_t)c->exit_code : (uint32_t)c->exit_code;
        size_t k = 0u;
        memcpy(out, "exit(", 5u);
        n = 5u;
        if (c->exit_code < 0) {
            out[n++] = '-';
        }
        do {
            digits[k++] = (char)('0' + v % 10u);
            v /= 10u;
        } while (v != 0u);
        while (k > 0u) {
            out[n++] = digits[--k];
        }
        out[n++] = ')';
        out[n] = '\0';
        return;
    }
    {
        const char *m = wcap_rt_trap_message(c->last_trap);
        while (m[n] != '\0' && n + 1u < cap) {
            out[n] = m[n];
            n++;
        }
        out[n] = '\0';
    }
}

void wcap_rt_exit(wcap_rt_capsule_t *c, int32_t code)
{
    c->exit_code = code;
    wasm_rt_trap(WASM_RT_TRAP_EXIT); /* wcap_rt_guarded_call: a normal return when code is 0 */
}

void wasm_rt_trap(wasm_rt_trap_t trap)
{
    wcap_rt_capsule_t *c = wcap_rt_current;
    if (c == NULL || c->trap_jmp == NULL) {
        /* A trap outside any guarded call is a runtime bug: stop here. */
        for (;;) {
        }
    }
    if (trap == WASM_RT_TRAP_EXHAUSTION && c->info != NULL && *c->info->interrupt != 0u) {
        trap = WASM_RT_TRAP_TIMEOUT; /* the timer poisoned the stack limit */
    }
    c->last_trap = (trap == WASM_RT_TRAP_NONE) ? WASM_RT_TRAP_UNREACHABLE : trap;
    longjmp(*c->trap_jmp, 1);
}

/* Where a preempted capsule resumes: raises the timeout as if the capsule had
 * trapped itself. Entered by an exception return / signal return, not a call:
 * it never returns, and its caller's frame is abandoned. */
static WASM_RT_NO_RETURN void wcap_rt_preempt_stub(void)
{
    wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
}

uintptr_t wcap_rt_preempt_pc(uintptr_t pc)
{
    const wcap_rt_capsule_t *c = wcap_rt_current;
    if (c == NULL || c->trap_jmp == NULL || c->info == NULL || c->info->interrupt == NULL ||
        *c->info->interrupt == 0u || pc - c->code_base >= c->code_size) {
        return 0u; /* nothing pending, or not in the capsule's code: retry at the next tick */
    }
    return (uintptr_t)wcap_rt_preempt_stub;
}
