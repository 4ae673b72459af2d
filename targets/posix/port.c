/*
 * The posix port: a device simulated as a Linux process. Time from
 * CLOCK_MONOTONIC, entropy from getrandom, LEDs in an array, a deterministic
 * simulated sensor, the call deadline from a POSIX timer whose SIGALRM
 * handler sets the running capsule's interrupt flag and, when the signal
 * interrupted the capsule's own code, resumes it at the runtime's timeout
 * stub (wcap_rt_preempt_pc); elsewhere it retries every millisecond.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "wcap/port.h"
#include "wcap/port_posix.h"
#include "wcap/rt.h"

#define WCAP_POSIX_LEDS 8u

static uint8_t wcap_posix_leds[WCAP_POSIX_LEDS];
static timer_t wcap_posix_timer;
static int wcap_posix_timer_ready;
static volatile sig_atomic_t wcap_posix_fired;
static uint8_t wcap_posix_arena_buf[WCAP_POSIX_ARENA_MAX] __attribute__((aligned(4096)));
static int wcap_posix_arena_ready;

uint64_t wcap_port_millis(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void wcap_port_sleep_ms(uint32_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

void wcap_port_random(uint8_t *buf, size_t len)
{
    while (len > 0u) {
        ssize_t n = getrandom(buf, len, 0);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}

void wcap_port_led_set(uint32_t index, int on)
{
    if (index < WCAP_POSIX_LEDS) {
        wcap_posix_leds[index] = (uint8_t)(on != 0);
    }
}

int wcap_port_led_get(uint32_t index)
{
    return index < WCAP_POSIX_LEDS ? wcap_posix_leds[index] : 0;
}

/* Channel c reads 20000 + 1000*c milli-units plus a 0..999 ramp over time:
 * deterministic for a given millis(), different per channel. */
int32_t wcap_port_sensor_read(uint32_t channel)
{
    uint64_t t = wcap_port_millis();
    return (int32_t)(20000u + 1000u * (channel % 16u) + (uint32_t)((t / 100u) % 1000u));
}

/*
 * The deadline is kept in a variable and the kernel timer is only
 * reprogrammed when it would fire too late: back-to-back calls with the same
 * budget then cost no system call. A timer that fires early (for an older,
 * later-replaced deadline) just re-arms itself for the current one.
 * Every step is safe against the signal arriving in between (see arm below).
 */
static volatile uint64_t wcap_posix_deadline; /* absolute ms; 0: none */
static volatile uint64_t wcap_posix_armed_at; /* when the kernel timer fires; 0: idle */

static void settime_ms(uint64_t ms)
{
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    if (ms == 0u) {
        ms = 1u;
    }
    its.it_value.tv_sec = (time_t)(ms / 1000u);
    its.it_value.tv_nsec = (long)(ms % 1000u) * 1000000L;
    timer_settime(wcap_posix_timer, 0, &its, NULL);
}

/*
 * Resumes the interrupted thread at the runtime's timeout stub when it was
 * running the capsule's code. The stub is entered as if called: RSP below the
 * red zone (its contents are abandoned with the frame), 16-byte aligned minus
 * the return address slot. Returns whether it redirected.
 */
static int preempt(void *uc_void)
{
#if defined(__x86_64__)
    ucontext_t *uc = (ucontext_t *)uc_void;
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t stub = wcap_rt_preempt_pc((uintptr_t)g[REG_RIP]);
    if (stub == 0u) {
        return 0;
    }
    g[REG_RSP] = (greg_t)((((uintptr_t)g[REG_RSP] - 128u) & ~(uintptr_t)15u) - 8u);
    g[REG_RIP] = (greg_t)stub;
    return 1;
#else
    (void)uc_void; /* no preemption: only prologue checks and host calls stop a capsule */
    return 0;
#endif
}

static void wcap_posix_on_alarm(int sig, siginfo_t *si, void *uc)
{
    uint64_t d = wcap_posix_deadline, now;
    (void)sig;
    (void)si;
    wcap_posix_armed_at = 0;
    if (d == 0u) {
        return;
    }
    now = wcap_port_millis();
    if (now >= d) {
        wcap_posix_fired++;
        wcap_rt_on_timer();
        if (preempt(uc)) {
            return;
        }
        /* Outside the capsule's code (runtime, host call): try again in 1 ms,
         * until the call ends and disarms the deadline. */
        wcap_posix_armed_at = now + 1u;
        settime_ms(1u);
        return;
    }
    wcap_posix_armed_at = d;
    settime_ms(d - now);
}

static int timer_setup(void)
{
    struct sigaction sa;
    struct sigevent sev;
    if (wcap_posix_timer_ready) {
        return 0;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = wcap_posix_on_alarm;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_SIGINFO;
    if (sigaction(SIGALRM, &sa, NULL) != 0) {
        return -1;
    }
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGALRM;
    if (timer_create(CLOCK_MONOTONIC, &sev, &wcap_posix_timer) != 0) {
        return -1;
    }
    wcap_posix_timer_ready = 1;
    return 0;
}

void wcap_port_deadline_arm(uint32_t ms)
{
    uint64_t d, armed;
    if (timer_setup() != 0) {
        return;
    }
    d = wcap_port_millis() + (ms ? ms : 1u);
    wcap_posix_deadline = d;
    armed = wcap_posix_armed_at;
    if (armed == 0u || armed > d) {
        wcap_posix_armed_at = d;
        settime_ms(ms);
    }
}

void wcap_port_deadline_disarm(void)
{
    wcap_posix_deadline = 0; /* a pending timer finds nothing to do */
}

void wcap_port_sync_icache(void *addr, size_t len)
{
    __builtin___clear_cache((char *)addr, (char *)addr + len);
}

uint8_t *wcap_posix_arena(size_t *len)
{
    if (!wcap_posix_arena_ready) {
        if (mprotect(wcap_posix_arena_buf, sizeof wcap_posix_arena_buf, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
            return NULL;
        }
        wcap_posix_arena_ready = 1;
    }
    *len = sizeof wcap_posix_arena_buf;
    return wcap_posix_arena_buf;
}

uint32_t wcap_posix_timer_fired(void)
{
    return (uint32_t)wcap_posix_fired;
}
