/*
 * The board port: the few things runtime_lib needs from a target. Each target
 * (targets/<t>/port.c) implements all of them. Portable C99.
 */
#ifndef WCAP_PORT_H
#define WCAP_PORT_H

#include <stddef.h>
#include <stdint.h>

uint64_t wcap_port_millis(void); /* monotonic ms since boot */
void wcap_port_sleep_ms(uint32_t ms);
void wcap_port_random(uint8_t *buf, size_t len); /* best available entropy */
void wcap_port_led_set(uint32_t index, int on);
int wcap_port_led_get(uint32_t index);
int32_t wcap_port_sensor_read(uint32_t channel); /* milli-units, simulated on QEMU */
/* Arms a one-shot deadline; when it expires the port calls wcap_rt_on_timer(),
 * then, at that and every later tick until the call ends, wcap_rt_preempt_pc()
 * with the interrupted PC, resuming at the address it returns (see rt.h). */
void wcap_port_deadline_arm(uint32_t ms);
void wcap_port_deadline_disarm(void);
/* Makes freshly written code in [addr, addr+len) executable (cache/fence). */
void wcap_port_sync_icache(void *addr, size_t len);

#endif /* WCAP_PORT_H */
