/*
 * Native driver of one benchmark program (host, x86_64 Linux):
 *   bench-<name> SCALE [--stack]
 * Runs bench_run(SCALE) and prints its return value as the last line (0 =
 * self-check passed), the same contract as `wcap-exec ... --export run SCALE`.
 * Exit status: 0 pass, 1 self-check failed, 2 usage.
 *
 * --stack runs bench_run on a painted private stack (ucontext) and prints
 * "stack_peak BYTES" first: the deepest byte the program wrote, measured by
 * scanning for the first overwritten paint byte.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include "bench.h"

#define PAINT_BYTE 0xA5
#define STACK_SIZE (1u << 20)

static unsigned char painted_stack[STACK_SIZE] __attribute__((aligned(64)));
static ucontext_t main_ctx, bench_ctx;
static int bench_scale, bench_result;

static void bench_on_private_stack(void)
{
    bench_result = bench_run(bench_scale);
}

static size_t run_with_stack_probe(void)
{
    memset(painted_stack, PAINT_BYTE, sizeof painted_stack);
    if (getcontext(&bench_ctx) != 0)
        return 0;
    bench_ctx.uc_stack.ss_sp = painted_stack;
    bench_ctx.uc_stack.ss_size = sizeof painted_stack;
    bench_ctx.uc_link = &main_ctx;
    makecontext(&bench_ctx, bench_on_private_stack, 0);
    if (swapcontext(&main_ctx, &bench_ctx) != 0)
        return 0;
    size_t untouched = 0;
    while (untouched < sizeof painted_stack && painted_stack[untouched] == PAINT_BYTE)
        untouched++;
    return sizeof painted_stack - untouched;
}

int main(int argc, char **argv)
{
    char *end = NULL;
    long scale = argc >= 2 ? strtol(argv[1], &end, 10) : -1;
    int probe = argc == 3 && strcmp(argv[2], "--stack") == 0;
    if (argc < 2 || argc > 3 || (argc == 3 && !probe) || *end != '\0' || scale < 1 || scale > 1000000) {
        fprintf(stderr, "usage: %s SCALE [--stack]   (1 <= SCALE <= 1000000)\n", argv[0]);
        return 2;
    }
    bench_scale = (int)scale;
    if (probe) {
        size_t peak = run_with_stack_probe();
        printf("stack_peak %zu\n", peak);
    } else {
        bench_result = bench_run(bench_scale);
    }
    printf("%d\n", bench_result);
    return bench_result == 0 ? 0 : 1;
}
