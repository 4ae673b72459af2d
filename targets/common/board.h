/*
 * The board layer: the few hardware primitives each QEMU board implements
 * (targets/<target>/board.c plus its startup code). Everything above it --
 * the wcap_port_* functions of runtime_lib/include/wcap/port.h, the boot
 * banner, the serial transport of the device service -- is common code in
 * targets/common/ built on these. Portable C99 interface, no malloc.
 */
#ifndef WCAP_BOARD_H
#define WCAP_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* Static facts about the board (targets/<target>/board.c). */
typedef struct {
    uint32_t target_id;  /* WCAP_TARGET_* (its name: wcap_target_name, wcap/targets.h) */
    const char *machine; /* QEMU machine, for the banner: "mps2-an386" */
    uint32_t hw_leds;    /* LEDs backed by a real register (the rest are simulated) */
    uint32_t tick_hz;    /* rate of wcap_board_ticks() */
} wcap_board_info_t;

extern const wcap_board_info_t wcap_board_info;

/*
 * Brings up the UART (with its receive interrupt), the LED register and the
 * 1 kHz system tick (whose interrupt calls wcap_board_on_tick()), then
 * enables interrupts. The FPU is already on (reset code). Called once, first
 * thing in main().
 */
void wcap_board_init(void);

/* Blocking write of n bytes to the console UART. */
void wcap_board_uart_write(const uint8_t *data, size_t n);
/* One received byte, or -1 when none is waiting. Never blocks. */
int wcap_board_uart_read(void);
/* Whether no received byte is waiting (call with interrupts masked before
 * wcap_board_idle() so a byte arriving in between is not slept through). */
int wcap_board_uart_rx_empty(void);

/* Writes the hardware LED register (bit i = LED i, i < hw_leds). */
void wcap_board_led_write(uint32_t bits);

/*
 * A free-running counter at wcap_board_info.tick_hz, monotonic, wraps at
 * 2^32. Used for fine-grained measurements (bench); under QEMU -icount it
 * advances deterministically with executed instructions.
 */
uint32_t wcap_board_ticks(void);

/* Waits for the next interrupt (WFI); returns at once if one is pending,
 * also when called with interrupts masked (the interrupt then runs after
 * wcap_board_irq_restore). */
void wcap_board_idle(void);

/* Masks / restores interrupts around a short critical section. */
uint32_t wcap_board_irq_save(void);
void wcap_board_irq_restore(uint32_t state);

/* Resets the board (after a fatal fault). Does not return. */
void wcap_board_reset(void) __attribute__((noreturn));

/* ---- implemented by targets/common/ for the board code ---- */

/* Called by the board's tick interrupt once per millisecond. */
void wcap_board_on_tick(void);

/* Fatal-fault console output that needs no interrupts and no locks. */
void wcap_board_panic_puts(const char *s);
void wcap_board_panic_hex(const char *label, uint32_t v);

#endif /* WCAP_BOARD_H */
