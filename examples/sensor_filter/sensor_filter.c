/*
 * sensor_filter: reads sensor channel 0 N_SAMPLES times, filters the samples
 * and reports the result. `run` uses a median filter (robust to spikes),
 * `run_ema` an exponential moving average with weight alpha/256.
 * Both append the value to the reply, toggle LED 0 when the value is above
 * THRESHOLD_MILLI, log one line and return the value.
 */
#include "wcap.h"

#define N_SAMPLES 9
#define SENSOR_CHANNEL 0u
#define ALERT_LED 0u
#define THRESHOLD_MILLI 25000 /* 25.000 units */

static int32_t samples[N_SAMPLES];

static void read_samples(void)
{
    for (int i = 0; i < N_SAMPLES; i++)
        samples[i] = wcap_sensor_read(SENSOR_CHANNEL);
}

/* Insertion sort: N_SAMPLES is tiny. */
static int32_t median(int32_t *v, int n)
{
    for (int i = 1; i < n; i++) {
        int32_t x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
    return v[n / 2];
}

/* alpha in 1..256: weight of each new sample, in 1/256. */
static int32_t ema(const int32_t *v, int n, int32_t alpha)
{
    int64_t acc = v[0];
    for (int i = 1; i < n; i++)
        acc += ((int64_t)v[i] - acc) * alpha / 256;
    return (int32_t)acc;
}

static int32_t report(const char *what, int32_t value)
{
    wcap_reply_int(value);
    if (value > THRESHOLD_MILLI)
        wcap_led_toggle(ALERT_LED);
    wcap_log_int(what, value);
    return value;
}

WCAP_EXPORT(run) int32_t run(void)
{
    read_samples();
    return report("median milli=", median(samples, N_SAMPLES));
}

WCAP_EXPORT(run_ema) int32_t run_ema(int32_t alpha)
{
    if (alpha < 1)
        alpha = 1;
    if (alpha > 256)
        alpha = 256;
    read_samples();
    return report("ema milli=", ema(samples, N_SAMPLES, alpha));
}
