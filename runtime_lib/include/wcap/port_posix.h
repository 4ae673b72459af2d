/*
 * Extras of the posix port (targets/posix/port.c) for host programs
 * (wcapd, wcap-exec, tests). Not part of the portable port interface.
 */
#ifndef WCAP_PORT_POSIX_H
#define WCAP_PORT_POSIX_H

#include <stddef.h>
#include <stdint.h>

/* Size of the static capsule arena (WCAP_POSIX_ARENA_SIZE at build time). */
#define WCAP_POSIX_ARENA_MAX (8u * 1024u * 1024u)

/*
 * The capsule arena: a static array inside the binary (so within +-2 GB of
 * the runtime's code, as x86_64 PC32 calls to imports need), made readable,
 * writable and executable on first use. Returns NULL when mprotect fails.
 */
uint8_t *wcap_posix_arena(size_t *len);

/* Number of times the deadline timer fired (diagnostics, tests). */
uint32_t wcap_posix_timer_fired(void);

#endif /* WCAP_PORT_POSIX_H */
