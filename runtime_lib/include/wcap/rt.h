/*
 * runtime_lib: the engine-neutral part of running a capsule on a device:
 * per-capsule context, arena, traps, calls into exports, host API gating.
 * Portable C99, no malloc: every byte comes from a caller-supplied arena.
 */
#ifndef WCAP_RT_H
#define WCAP_RT_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm-rt.h"
#include "wcap/capsule_abi.h"
#include "wcap/errors.h"

/* Where a capsule's log lines and reply bytes go (set per call by the caller). */
/* WCAP_OUT_LOG: one log line (without its '\n'); WCAP_OUT_LOG_PART: log
 * bytes the next WCAP_OUT_LOG or _PART continues on the same line (WASI
 * fd_write, whose text is not cut at line ends). A sink may treat _PART as
 * _LOG (one line per piece). */
typedef enum { WCAP_OUT_LOG = 1, WCAP_OUT_REPLY = 2, WCAP_OUT_LOG_PART = 3 } wcap_out_kind_t;
typedef void (*wcap_out_fn)(void *user, wcap_out_kind_t kind, const uint8_t *data, size_t len);

/* A bump region inside one capsule's RAM block (image, instance, tables, memory). */
typedef struct {
    uint8_t *base;
    size_t size;
    size_t used;
} wcap_region_t;

/*
 * Per-capsule runtime context. Caller-owned (the device service keeps one per
 * slot); also the `Z_wcap_instance` pointer handed to every host import.
 */
typedef struct wcap_rt_capsule {
    const wcap_capsule_info_t *info; /* descriptor inside the image */
    void *instance;                  /* wasm2c instance struct */
    wasm_rt_memory_t *memory;        /* set by wasm_rt_allocate_memory, may be NULL */
    wcap_region_t region;            /* where instance, tables and memory live */
    uint32_t mem_reserve;            /* bytes reserved for linear memory (manifest mem_max) */
    uint32_t caps;                   /* granted capabilities (WCAP_CAP_*) */
    uint32_t stack_budget;           /* native stack bytes per call */
    uint32_t time_budget_ms;         /* 0: no limit */
    wcap_out_fn out;                 /* output sink for the current call */
    void *out_user;
    jmp_buf *trap_jmp; /* set while a call is in progress */
    wasm_rt_trap_t last_trap;
    uint8_t running;
    /* Added with the WASI subset (compatible; in what was padding): 1 when
     * the last guarded call ended by proc_exit(0), a normal return. */
    uint8_t exited;
    /* Added after the first contract (compatible): a runtime resource error
     * (WCAP_E_RT_ARENA, WCAP_E_RT_FUNC_TYPES) behind the last trap, else 0. */
    int32_t rt_error;
    /* Added with asynchronous preemption (compatible): the capsule's code
     * image [code_base, code_base + code_size), set by the loader; 0/0 (never
     * preempted: only prologue checks and host calls stop it) for a capsule
     * that was not loaded. See wcap_rt_preempt_pc. */
    uintptr_t code_base;
    uintptr_t code_size;
    /* Added with the interpreter (compatible): the index in info->exports of
     * the export wcap_rt_call_export is entering, for engines whose exports
     * share one entry function (interp/). */
    uint32_t export_index;
    /* Added with the WASI subset (compatible): the code of the last
     * proc_exit (the trap WASM_RT_TRAP_EXIT when not 0). */
    int32_t exit_code;
} wcap_rt_capsule_t;

/* The capsule currently executing (NULL when none): used by traps and the timer. */
extern wcap_rt_capsule_t *wcap_rt_current;

/*
 * Calls `fn` (a capsule entry: init_module, instantiate, free or an export
 * wrapper) for capsule `c` under a trap guard, with c's stack and time budget.
 * Returns WCAP_OK, or WCAP_E_RT_TRAP with c->last_trap set to the reason.
 * Nestable: a host import may call into another capsule.
 */
int wcap_rt_guarded_call(wcap_rt_capsule_t *c, void (*fn)(void *arg, wcap_val_t *vals), void *arg, wcap_val_t *vals);

/*
 * Finds export `name` and calls it. `vals` holds the arguments on entry and
 * the results on return; `nvals` must be at least max(nparams, nresults) of
 * the export's signature ("params:results", see wcap_rt_sig_parse). The
 * values are untyped: the caller types them from (*found)->sig. `found`
 * (optional) receives the export. Returns WCAP_OK, WCAP_E_RT_NO_EXPORT,
 * WCAP_E_RT_ARGS (nvals too small or malformed signature), WCAP_E_RT_BUSY
 * or WCAP_E_RT_TRAP (c->last_trap says why).
 */
int wcap_rt_call_export(wcap_rt_capsule_t *c, const char *name, wcap_val_t *vals, size_t nvals,
                        const wcap_export_t **found);

/*
 * Splits an export signature "params:results" (i=i32 I=i64 f=f32 F=f64) into
 * counts. Returns 0, or -1 when `sig` is malformed.
 */
int wcap_rt_sig_parse(const char *sig, uint32_t *nparams, uint32_t *nresults);

/* Looks up an export by name; NULL when absent. */
const wcap_export_t *wcap_rt_find_export(const wcap_rt_capsule_t *c, const char *name);

/* Trap reason as text, e.g. "out of bounds memory access". */
const char *wcap_rt_trap_message(wasm_rt_trap_t trap);

/* The last trap of c as text into out (cap > 0 bytes, always terminated):
 * wcap_rt_trap_message's, but "exit(3)" for a proc_exit with code 3. */
void wcap_rt_trap_text(const wcap_rt_capsule_t *c, char *out, size_t cap);

/* Ends the running call of c from a host function (WASI proc_exit): code 0
 * returns normally from the export (results 0), any other code traps
 * WASM_RT_TRAP_EXIT with c->exit_code set. Never returns. */
WASM_RT_NO_RETURN void wcap_rt_exit(wcap_rt_capsule_t *c, int32_t code);

/* Called by a port's timer interrupt: makes the running capsule trap with TIMEOUT. */
void wcap_rt_on_timer(void);

/*
 * Checks that [ptr, ptr+len) lies inside c's linear memory and returns the
 * host address, or traps the capsule with OOB. Every host API pointer goes
 * through this.
 */
uint8_t *wcap_rt_mem_ptr(wcap_rt_capsule_t *c, uint32_t ptr, uint32_t len);

/* Bump allocation inside a capsule's region; NULL when exhausted. */
void *wcap_region_alloc(wcap_region_t *r, size_t size, size_t align);

/*
 * Takes `size` bytes from the top of the region (linear memory lives at the
 * end of the capsule block so it can be reserved once); NULL when exhausted.
 */
void *wcap_region_alloc_top(wcap_region_t *r, size_t size, size_t align);

/* Registered call_indirect signatures (diagnostics) and a reset for tests. */
uint32_t wcap_rt_func_types_count(void);
void wcap_rt_func_types_reset(void);

/*
 * Peak native stack of capsule calls, measured by stack painting (only when
 * runtime_lib is built with WCAP_RT_STACK_PEAK=1, see wcap/rt_config.h).
 * wcap_rt_stack_peak_enable(1) makes every outermost guarded call (one not
 * made from inside another capsule's call) paint its stack budget below the
 * caller's SP before the call and find the deepest overwritten word after it;
 * nested calls are part of the outer call's figure. Costs one store and one
 * load per budget word per call while enabled. Returns WCAP_OK, or
 * WCAP_E_RT_NO_STACK_PEAK when painting is not compiled in. Resets the peak.
 */
int wcap_rt_stack_peak_enable(int on);

/*
 * Bytes of native stack below the caller's SP that the most recent painted
 * call used (interrupt frames taken meanwhile included); 0 when nothing was
 * painted since enabling or painting is off/not compiled in. At most the
 * call's stack budget (a value at or within one frame of the budget means
 * the call reached it). Resolution: one word.
 */
uint32_t wcap_rt_stack_peak(void);

/*
 * Asynchronous timeout, for a port's timer interrupt (engine-neutral): after
 * wcap_rt_on_timer, pass the interrupted program counter. Returns the address
 * at which to resume instead (a stub that raises WASM_RT_TRAP_TIMEOUT through
 * wasm_rt_trap; on Thumb it has bit 0 set) when a capsule call is running, its
 * interrupt is pending and `pc` lies inside that capsule's code image; else 0:
 * the PC is in runtime_lib, a host function or a libgcc helper the capsule
 * called, which must never be abandoned, so the port keeps the request pending
 * and asks again at its next tick (host API entry points refuse to run while
 * it is pending). Interrupt-safe: only reads. The port must only pass a PC
 * interrupted in the thread that runs capsules (not a nested interrupt's).
 * Resuming at the stub: x86_64 needs RSP aligned as after a call; Arm the
 * stacked PC with bit 0 clear and the IT/ICI bits of xPSR cleared.
 */
uintptr_t wcap_rt_preempt_pc(uintptr_t pc);

#endif /* WCAP_RT_H */
