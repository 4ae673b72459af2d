/*
 * The board-independent half of runtime_lib/include/wcap/port.h for the QEMU
 * boards, built on board.h: milliseconds and the run-time deadline from the
 * 1 kHz tick, sleeping with WFI, LEDs (hardware register for the first
 * hw_leds, simulated above), a simulated sensor and a seeded pseudo-random
 * generator. wcap_port_sync_icache is per architecture (board code).
 *
 * wcap_port_random is NOT cryptographic: a xorshift generator seeded from the
 * tick counter at first use. The boards have no entropy source under QEMU;
 * nothing on the device uses it for security.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "wcap/port.h"
#include "wcap/rt.h"

#define LED_COUNT 32u

static volatile uint32_t tick_ms_lo, tick_ms_hi;
static volatile uint32_t deadline_left; /* ticks until expiry; 0 = disarmed */
static uint32_t led_bits;
static uint64_t rng_state;

void wcap_board_on_tick(void)
{
    if (++tick_ms_lo == 0)
        tick_ms_hi++;
    if (deadline_left != 0 && --deadline_left == 0)
        wcap_rt_on_timer();
}

uint64_t wcap_port_millis(void)
{
    uint32_t s = wcap_board_irq_save();
    uint64_t ms = ((uint64_t)tick_ms_hi << 32) | tick_ms_lo;
    wcap_board_irq_restore(s);
    return ms;
}

void wcap_port_sleep_ms(uint32_t ms)
{
    uint64_t end = wcap_port_millis() + ms;
    while (wcap_port_millis() < end)
        wcap_board_idle();
}

/* Expires after at least `ms` whole milliseconds (+1: the current tick is partial). */
void wcap_port_deadline_arm(uint32_t ms)
{
    uint32_t s = wcap_board_irq_save();
    deadline_left = (ms < UINT32_MAX) ? ms + 1u : ms;
    wcap_board_irq_restore(s);
}

void wcap_port_deadline_disarm(void)
{
    uint32_t s = wcap_board_irq_save();
    deadline_left = 0;
    wcap_board_irq_restore(s);
}

void wcap_port_led_set(uint32_t index, int on)
{
    if (index >= LED_COUNT)
        return;
    uint32_t bit = 1u << index;
    led_bits = on ? (led_bits | bit) : (led_bits & ~bit);
    wcap_board_led_write(led_bits);
}

int wcap_port_led_get(uint32_t index)
{
    return index < LED_COUNT ? (int)((led_bits >> index) & 1u) : 0;
}

/* Simulated sensor: channel c reads 1000*c milli-units plus a triangle wave of
 * +-500 with a 10 s period, so values change slowly and deterministically. */
int32_t wcap_port_sensor_read(uint32_t channel)
{
    uint32_t phase = (uint32_t)(wcap_port_millis() % 10000u);
    int32_t wave = (phase < 5000u) ? (int32_t)(phase / 5u) - 500 : 1500 - (int32_t)(phase / 5u);
    return (int32_t)(1000u * (channel % 1000u)) + wave;
}

static uint64_t rng_next(void)
{
    if (rng_state == 0)
        rng_state = 0x9E3779B97F4A7C15ull ^ ((uint64_t)wcap_board_ticks() << 17) ^ wcap_port_millis();
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

void wcap_port_random(uint8_t *buf, size_t len)
{
    while (len > 0) {
        uint64_t r = rng_next();
        for (int i = 0; i < 8 && len > 0; i++, len--) {
            *buf++ = (uint8_t)r;
            r >>= 8;
        }
    }
}
