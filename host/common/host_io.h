/*
 * Host I/O helpers shared by the wcap tool and wcapd (host C11, POSIX).
 */
#ifndef WCAP_HOST_IO_H
#define WCAP_HOST_IO_H

#include <stddef.h>

/*
 * Writes all `n` bytes of `p` to `fd`: retries after EINTR, waits for POLLOUT
 * after EAGAIN (non-blocking descriptors), and never raises SIGPIPE on a
 * socket whose peer hung up (it returns -1 instead). 0 when everything was
 * written, -1 with errno set otherwise.
 */
int wcap_write_all(int fd, const void *p, size_t n);

#endif /* WCAP_HOST_IO_H */
