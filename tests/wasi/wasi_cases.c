/*
 * The wasi.* test capsules: ordinary C built with
 *   clang --target=wasm32-wasi --sysroot=/usr -O2 -DCASE_<X> wasi_cases.c
 * (a WASI command: `_start` runs main), one module per case
 * (tests/wasi/CMakeLists.txt). What each must print is in wasi_wcapd.sh.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#if defined(CASE_HOSTILE)
/* Each export hands fd_write one hostile pointer; the runtime must trap
 * before anything reaches the log (the good iovec says LEAK). */
static uint8_t buf[8] = "LEAK\n";
static __wasi_ciovec_t iov[2];
static __wasi_size_t written;

static uint32_t write_raw(uintptr_t iovs, size_t n, uintptr_t nwritten)
{
    return __wasi_fd_write(1, (const __wasi_ciovec_t *)iovs, n, (__wasi_size_t *)nwritten);
}

static void two(uintptr_t p1, size_t len1)
{
    iov[0].buf = buf;
    iov[0].buf_len = 5;
    iov[1].buf = (const uint8_t *)p1;
    iov[1].buf_len = len1;
}

/* the second iovec's buffer starts past the end of memory */
__attribute__((export_name("buf_oob"))) int buf_oob(void)
{
    two((uintptr_t)__builtin_wasm_memory_size(0) * 65536u, 1);
    return (int)write_raw((uintptr_t)iov, 2, (uintptr_t)&written);
}

/* ptr + len wraps around 2^32 (ptr inside memory) */
__attribute__((export_name("buf_wrap"))) int buf_wrap(void)
{
    two((uintptr_t)buf, 0xFFFFFFF0u);
    return (int)write_raw((uintptr_t)iov, 2, (uintptr_t)&written);
}

/* the iovec array itself is outside memory */
__attribute__((export_name("iovs_oob"))) int iovs_oob(void)
{
    return (int)write_raw(0xFFFFFFF8u, 1, (uintptr_t)&written);
}

/* the nwritten out-parameter is outside memory */
__attribute__((export_name("nwritten_oob"))) int nwritten_oob(void)
{
    two((uintptr_t)buf, 5);
    return (int)write_raw((uintptr_t)iov, 2, 0xFFFFFFFEu);
}

/* more iovecs than the runtime takes: EINVAL (28), not a trap */
__attribute__((export_name("many_iovs"))) int many_iovs(void)
{
    return (int)write_raw((uintptr_t)iov, 100000, (uintptr_t)&written);
}

/* a length of 2 GiB: past the end of memory (so the runtime's check of the
 * lengths' sum against 2^32, for up to 16 such iovecs, is never reached by a
 * capsule of at most WCAPC_MEM_CAP bytes) */
__attribute__((export_name("huge_len"))) int huge_len(void)
{
    static __wasi_ciovec_t big[2];
    big[0].buf = 0;
    big[0].buf_len = 0x80000000u;
    big[1] = big[0];
    return (int)write_raw((uintptr_t)big, 2, (uintptr_t)&written);
}

/* an fd other than stdout and stderr: EBADF (8) */
__attribute__((export_name("bad_fd"))) int bad_fd(void)
{
    two((uintptr_t)buf, 0);
    return (int)__wasi_fd_write(3, iov, 1, &written);
}

/* clock_time_get's out-parameter outside memory */
__attribute__((export_name("clock_oob"))) int clock_oob(void)
{
    return (int)__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, (__wasi_timestamp_t *)0xFFFFFFFCu);
}
#endif

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
#if defined(CASE_PRINTF)
    printf("hello %d from printf\n", 42);
    printf("a line in ");
    printf("%s pieces\n", "three");
    fprintf(stderr, "to stderr: %s\n", strerror(ENOENT));
    assert(argc == 0);
    printf("no newline at the end");
    return 0;
#elif defined(CASE_EXIT0)
    printf("before exit(0)\n");
    exit(0);
#elif defined(CASE_EXIT3)
    printf("before exit(3)\n");
    exit(3);
#elif defined(CASE_ABORT)
    printf("before abort\n");
    abort();
#elif defined(CASE_ASSERT)
    printf("before assert\n");
    assert(argc == 1);
    return 0;
#elif defined(CASE_CLOCK)
    struct timespec ts;
    unsigned char r[16] = {0}, zero[16] = {0};
    int clock_ok = clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec >= 0;
    int random_ok = getentropy(r, sizeof r) == 0 && memcmp(r, zero, sizeof r) != 0;
    printf("args %d, HOME %s, clock %s, random %s\n", argc, getenv("HOME") ? "set" : "unset", clock_ok ? "ok" : "bad",
           random_ok ? "ok" : "bad");
    return 0;
#elif defined(CASE_HOSTILE)
    printf("hostile: call an export\n");
    return 0;
#elif defined(CASE_REFUSED)
    /* fopen needs path_open (and the preopened directories): outside the subset */
    FILE *f = fopen("/data", "r");
    return f != NULL;
#else
#error "define one CASE_*"
#endif
}
