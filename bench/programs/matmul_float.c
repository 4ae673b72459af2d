/*
 * matmul_float: single-precision matrix product C = A * B, N = 32.
 * Entries are small integers (-8..8) so every product and partial sum is
 * exact in float, and the result can be checked exactly.
 * Unit: one product (32 768 multiply-adds) and a checksum of C.
 * Check: for every row i, sum_j C[i][j] * v_j == sum_k A[i][k] * (B v)_k for
 * v = (1,...,1) and v = (1,2,...,N), recomputed in integer arithmetic.
 */
#include "bench.h"

#define N 32

static float A[N][N], B[N][N], C[N][N];

static void multiply(const float (*a)[N], const float (*b)[N], float (*c)[N])
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            float sum = 0.0f;
            for (int k = 0; k < N; k++)
                sum += a[i][k] * b[k][j];
            c[i][j] = sum;
        }
    }
}

static uint32_t unit(void)
{
    multiply(A + bench_zero(), B, C);
    uint32_t r = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            r = r * 33 + (uint32_t)(int32_t)C[i][j];
    return r;
}

static int freivalds(int weighted)
{
    int32_t bv[N];
    for (int k = 0; k < N; k++) {
        bv[k] = 0;
        for (int j = 0; j < N; j++)
            bv[k] += (int32_t)B[k][j] * (weighted ? j + 1 : 1);
    }
    for (int i = 0; i < N; i++) {
        int32_t lhs = 0, rhs = 0;
        for (int j = 0; j < N; j++)
            lhs += (int32_t)C[i][j] * (weighted ? j + 1 : 1);
        for (int k = 0; k < N; k++)
            rhs += (int32_t)A[i][k] * bv[k];
        if (lhs != rhs)
            return 0;
    }
    return 1;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    uint32_t seed = 0xF10A7u;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            A[i][j] = (float)((int32_t)(bench_rand(&seed) % 17) - 8);
            B[i][j] = (float)((int32_t)(bench_rand(&seed) % 17) - 8);
        }
    }
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    if (!freivalds(0))
        return 1;
    if (!freivalds(1))
        return 2;
    return same.differs ? 3 : 0;
}
