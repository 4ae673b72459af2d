/*
 * fft: iterative radix-2 complex FFT in single precision, N = 256.
 * Twiddle factors come from our own sine/cosine (Taylor series on
 * [-pi/4, pi/4]): the capsule has no libm beyond sqrt.
 * Input: 0.25 + cos(2 pi 5 n / N) + 0.5 sin(2 pi 17 n / N).
 * Unit: 4 round trips (forward transform, inverse transform).
 * Check: the spectrum of the first forward transform equals its closed form
 * (X[0] = N/4, X[5] = X[N-5] = N/2, X[17] = -iN/4, X[N-17] = +iN/4, all
 * other bins 0), and every round trip restores the input.
 */
#include "bench.h"

#define N 256
#define LOG2N 8
#define TRIPS 4
#define PI 3.14159265358979323846

typedef struct {
    float re, im;
} cpx_t;

static cpx_t twiddle[N / 2], input[N], work[N], spectrum[N];

/* sin(x) and cos(x) for |x| <= pi/4, Taylor series to x^15/x^14. */
static double sin_small(double x)
{
    double x2 = x * x, term = x, sum = x;
    for (int k = 1; k <= 7; k++) {
        term *= -x2 / ((2 * k) * (2 * k + 1));
        sum += term;
    }
    return sum;
}

static double cos_small(double x)
{
    double x2 = x * x, term = 1.0, sum = 1.0;
    for (int k = 1; k <= 7; k++) {
        term *= -x2 / ((2 * k - 1) * (2 * k));
        sum += term;
    }
    return sum;
}

/* sin(2 pi k / N) for any integer k, by octant reduction. */
static double sin_turn(int k)
{
    k &= N - 1;
    int oct = k / (N / 8);
    double x = 2 * PI * (k % (N / 8)) / N;
    double y = PI / 4 - x;
    switch (oct) {
    case 0: return sin_small(x);
    case 1: return cos_small(y);
    case 2: return cos_small(x);
    case 3: return sin_small(y);
    case 4: return -sin_small(x);
    case 5: return -cos_small(y);
    case 6: return -cos_small(x);
    default: return -sin_small(y);
    }
}

static double cos_turn(int k)
{
    return sin_turn(k + N / 4);
}

static void transform(cpx_t *x, int inverse)
{
    for (unsigned i = 0, j = 0; i < N; i++) {
        if (i < j) {
            cpx_t t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
        unsigned bit = N >> 1;
        while (j & bit) {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
    }
    for (int len = 2; len <= N; len <<= 1) {
        int step = N / len;
        for (int start = 0; start < N; start += len) {
            for (int k = 0; k < len / 2; k++) {
                cpx_t w = twiddle[k * step];
                if (inverse)
                    w.im = -w.im;
                cpx_t *a = &x[start + k], *b = &x[start + k + len / 2];
                float tr = b->re * w.re - b->im * w.im;
                float ti = b->re * w.im + b->im * w.re;
                b->re = a->re - tr;
                b->im = a->im - ti;
                a->re += tr;
                a->im += ti;
            }
        }
    }
    if (inverse) {
        for (int i = 0; i < N; i++) {
            x[i].re *= 1.0f / N;
            x[i].im *= 1.0f / N;
        }
    }
}

static float max_error;

static uint32_t unit(void)
{
    memcpy(work, input + bench_zero(), sizeof work);
    for (int t = 0; t < TRIPS; t++) {
        transform(work, 0);
        if (t == 0)
            memcpy(spectrum, work, sizeof spectrum);
        transform(work, 1);
    }
    uint32_t r = 0;
    for (int i = 0; i < N; i++) {
        float e = work[i].re - input[i].re;
        e = e < 0 ? -e : e;
        max_error = e > max_error ? e : max_error;
        r = r * 31 + (uint32_t)(int32_t)(work[i].re * 65536.0f);
    }
    return r;
}

static int spectrum_ok(void)
{
    for (int k = 0; k < N; k++) {
        float re = 0, im = 0;
        if (k == 0)
            re = N / 4.0f;
        if (k == 5 || k == N - 5)
            re = N / 2.0f;
        if (k == 17)
            im = -N / 4.0f;
        if (k == N - 17)
            im = N / 4.0f;
        float dr = spectrum[k].re - re, di = spectrum[k].im - im;
        if (dr * dr + di * di > 1e-6f)
            return 0;
    }
    return 1;
}

static int trig_ok(void)
{
    /* sin(pi/4)^2 = 1/2, sin(pi/4) = cos(pi/4), and the exact quadrant points. */
    double s4 = sin_turn(N / 8), c8 = cos_turn(N / 8);
    double d = s4 * s4 - 0.5, e = s4 - c8;
    return d < 1e-12 && d > -1e-12 && e < 1e-12 && e > -1e-12 && sin_turn(N / 4) == 1.0 && sin_turn(0) == 0.0 &&
           cos_turn(N / 2) == -1.0;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    for (int k = 0; k < N / 2; k++) {
        twiddle[k].re = (float)cos_turn(k);
        twiddle[k].im = (float)-sin_turn(k);
    }
    for (int n = 0; n < N; n++) {
        input[n].re = (float)(0.25 + cos_turn(5 * n) + 0.5 * sin_turn(17 * n));
        input[n].im = 0.0f;
    }
    max_error = 0;
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    if (!trig_ok())
        return 1;
    if (!spectrum_ok())
        return 2;
    if (max_error > 1e-5f)
        return 3;
    return same.differs ? 4 : 0;
}
