/*
 * printf: ordinary C with wasi-libc (docs/capsule-sdk.md, "Ordinary C with
 * wasi-libc"). Built as a WASI command, `_start` runs main:
 *   clang --target=wasm32-wasi --sysroot=/usr -O2 printf.c -o printf.wasm
 *   wcap build printf.wasm --target x86_64-posix --key dev.key -o printf.wcap
 *   wcap run printf.wcap --port ...
 * printf and fprintf(stderr) go to the capsule's log (capability log); a
 * failing assert prints its message and traps; exit(N != 0) traps "exit(N)".
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned fib(unsigned n)
{
    unsigned a = 0, b = 1;
    while (n-- > 0) {
        unsigned t = a + b;
        a = b;
        b = t;
    }
    return a;
}

int main(void)
{
    unsigned sum = 0;
    printf("hello from printf on wcap\n");
    for (unsigned i = 1; i <= 10; i++) {
        sum += fib(i);
        printf("%s%u", i > 1 ? " " : "fib: ", fib(i));
    }
    printf("\n");
    assert(sum == 143); /* fib(1..10) adds up to fib(12) - 1 */
    printf("sum %u, %.2f per term\n", sum, sum / 10.0);
    if (sum != 143) {
        fprintf(stderr, "wrong sum\n");
        exit(2);
    }
    return 0;
}
