/*
 * sort: quicksort (median of three, insertion sort below 16 elements,
 * recursion on the smaller part) of 2048 pseudo-random 32-bit keys.
 * Unit: copy the unsorted keys and sort them.
 * Check: the output is non-decreasing and is a permutation of the input
 * (equal count, sum, sum of squares and xor of all keys, computed on the
 * input before sorting).
 */
#include "bench.h"

#define COUNT 2048
#define CUTOFF 16

static uint32_t keys[COUNT], work[COUNT];

static void swap(uint32_t *a, uint32_t *b)
{
    uint32_t t = *a;
    *a = *b;
    *b = t;
}

static void insertion_sort(uint32_t *a, int n)
{
    for (int i = 1; i < n; i++) {
        uint32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static uint32_t median_of_three(uint32_t *a, int n)
{
    uint32_t *lo = a, *mid = a + n / 2, *hi = a + n - 1;
    if (*mid < *lo)
        swap(mid, lo);
    if (*hi < *mid)
        swap(hi, mid);
    if (*mid < *lo)
        swap(mid, lo);
    return *mid;
}

static void quicksort(uint32_t *a, int n)
{
    while (n > CUTOFF) {
        uint32_t pivot = median_of_three(a, n);
        int i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            swap(&a[i], &a[j]);
            i++;
            j--;
        }
        int left = j + 1;
        if (left < n - left) {
            quicksort(a, left);
            a += left;
            n -= left;
        } else {
            quicksort(a + left, n - left);
            n = left;
        }
    }
    insertion_sort(a, n);
}

typedef struct {
    uint64_t sum, squares;
    uint32_t xor_all;
} fingerprint_t;

static fingerprint_t fingerprint(const uint32_t *a)
{
    fingerprint_t f = {0, 0, 0};
    for (int i = 0; i < COUNT; i++) {
        f.sum += a[i];
        f.squares += (uint64_t)a[i] * a[i];
        f.xor_all ^= a[i];
    }
    return f;
}

static uint32_t unit(void)
{
    memcpy(work, keys + bench_zero(), sizeof work);
    quicksort(work, COUNT);
    uint32_t r = 0;
    for (int i = 0; i < COUNT; i += 64)
        r = r * 31 + work[i];
    return r;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    uint32_t seed = 0x50F7u;
    for (int i = 0; i < COUNT; i++)
        keys[i] = bench_rand(&seed) % 100000u; /* with duplicates */
    fingerprint_t want = fingerprint(keys);
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    for (int i = 1; i < COUNT; i++) {
        if (work[i - 1] > work[i])
            return 1;
    }
    fingerprint_t got = fingerprint(work);
    if (got.sum != want.sum || got.squares != want.squares || got.xor_all != want.xor_all)
        return 2;
    return same.differs ? 3 : 0;
}
