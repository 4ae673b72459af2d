/*
 * matmul_int: 32-bit integer matrix product C = A * B, N = 40.
 * Unit: one product (64 000 multiply-adds) and a checksum of C.
 * Check: Freivalds-style identities computed without forming C again:
 * for every row i, sum_j C[i][j] * v_j == sum_k A[i][k] * (B v)_k for
 * v = (1,...,1) and v = (1,2,...,N), in 64-bit arithmetic.
 */
#include "bench.h"

#define N 40

static int32_t A[N][N], B[N][N], C[N][N];

static void multiply(const int32_t (*a)[N], const int32_t (*b)[N], int32_t (*c)[N])
{
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            int32_t sum = 0;
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
            r = r * 33 + (uint32_t)C[i][j];
    return r;
}

static int freivalds(int weighted)
{
    int64_t bv[N];
    for (int k = 0; k < N; k++) {
        bv[k] = 0;
        for (int j = 0; j < N; j++)
            bv[k] += (int64_t)B[k][j] * (weighted ? j + 1 : 1);
    }
    for (int i = 0; i < N; i++) {
        int64_t lhs = 0, rhs = 0;
        for (int j = 0; j < N; j++)
            lhs += (int64_t)C[i][j] * (weighted ? j + 1 : 1);
        for (int k = 0; k < N; k++)
            rhs += (int64_t)A[i][k] * bv[k];
        if (lhs != rhs)
            return 0;
    }
    return 1;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    uint32_t seed = 0x3A7u;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            A[i][j] = (int32_t)(bench_rand(&seed) % 2001) - 1000;
            B[i][j] = (int32_t)(bench_rand(&seed) % 2001) - 1000;
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
