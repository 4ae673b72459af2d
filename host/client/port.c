/* The host's end of the device link: a TCP connection or a serial device. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "client.h"
#include "host_io.h"
#include "diag.h"

/* Non-blocking connect bounded by timeout_ms; returns the fd or -1 (errno set). */
static int connect_bounded(const struct addrinfo *ai, int timeout_ms)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0)
        return -1;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS)
        goto fail;
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int err = 0;
    socklen_t len = sizeof err;
    int r = poll(&p, 1, timeout_ms);
    if (r == 0)
        errno = ETIMEDOUT;
    if (r <= 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        goto fail;
    if (err != 0) {
        errno = err;
        goto fail;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
fail:;
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

static int open_tcp(wcapc_port_t *p, const char *hostport, int timeout_ms)
{
    char host[128];
    const char *colon = strrchr(hostport, ':');
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;

    if (colon == NULL || colon == hostport || (size_t)(colon - hostport) >= sizeof host || !colon[1])
        return wcapc_fail(WCAPC_EXIT_USAGE, "bad port '%s' (want tcp:HOST:PORT or a serial device)", p->spec);
    memcpy(host, hostport, (size_t)(colon - hostport));
    host[colon - hostport] = '\0';
    int gai = getaddrinfo(host, colon + 1, &hints, &res);
    if (gai != 0)
        return wcapc_fail(WCAPC_EXIT_CONNECT, "cannot resolve %s: %s", p->spec, gai_strerror(gai));
    for (const struct addrinfo *ai = res; ai && p->fd < 0; ai = ai->ai_next)
        p->fd = connect_bounded(ai, timeout_ms);
    int saved = errno;
    freeaddrinfo(res);
    if (p->fd < 0)
        return wcapc_fail(WCAPC_EXIT_CONNECT, "cannot connect to %s: %s", p->spec, strerror(saved));
    return WCAPC_EXIT_OK;
}

static int open_serial(wcapc_port_t *p)
{
    struct termios t;

    p->fd = open(p->spec, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (p->fd < 0 && errno == ENOENT && strchr(p->spec, '/') == NULL && strchr(p->spec, ':') != NULL)
        return wcapc_fail(WCAPC_EXIT_CONNECT,
                          "cannot open %s: no such serial device; for a TCP port write "
                          "--port tcp:%s",
                          p->spec, p->spec);
    if (p->fd < 0)
        return wcapc_fail(WCAPC_EXIT_CONNECT, "cannot open %s: %s", p->spec, strerror(errno));
    if (tcgetattr(p->fd, &t) != 0) {
        close(p->fd);
        p->fd = -1;
        return wcapc_fail(WCAPC_EXIT_CONNECT, "%s is not a serial device", p->spec);
    }
    cfmakeraw(&t);
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(p->fd, TCSANOW, &t) != 0) {
        close(p->fd);
        p->fd = -1;
        return wcapc_fail(WCAPC_EXIT_CONNECT, "cannot configure %s: %s", p->spec, strerror(errno));
    }
    tcflush(p->fd, TCIOFLUSH);
    return WCAPC_EXIT_OK;
}

int wcapc_port_open(wcapc_port_t *p, const char *spec, int timeout_ms)
{
    memset(p, 0, sizeof *p);
    p->fd = -1;
    if (strlen(spec) >= sizeof p->spec)
        return wcapc_fail(WCAPC_EXIT_USAGE, "port name too long");
    strcpy(p->spec, spec);
    if (strncmp(spec, "tcp:", 4) == 0)
        return open_tcp(p, spec + 4, timeout_ms);
    return open_serial(p);
}

void wcapc_port_close(wcapc_port_t *p)
{
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
}

int wcapc_port_read(wcapc_port_t *p, uint8_t *buf, size_t cap, int timeout_ms)
{
    struct pollfd pf = {.fd = p->fd, .events = POLLIN};
    int r = poll(&pf, 1, timeout_ms);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    ssize_t n = read(p->fd, buf, cap);
    if (n < 0)
        return (errno == EINTR || errno == EAGAIN) ? 0 : -1;
    if (n == 0)
        return strncmp(p->spec, "tcp:", 4) == 0 ? -1 : 0;
    return (int)n;
}

int wcapc_port_write(wcapc_port_t *p, const uint8_t *data, size_t len)
{
    return wcap_write_all(p->fd, data, len); /* a device that hung up is -1, not SIGPIPE */
}
