/*
 * wcapd's link to the host: a TCP listening socket (one host at a time,
 * accepting again after a disconnect), a pseudo terminal it creates, or an
 * existing serial device in raw mode at 115200 baud.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "host_io.h"
#include "wcapd.h"

/* One host at a time: a second one is accepted and closed at once, so it
 * fails fast ("connection lost") instead of waiting in the backlog. */
static void refuse_extra_host(wcapd_link_t *l)
{
    int fd = accept4(l->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd >= 0)
        close(fd);
}

static int lk_read(void *user, uint8_t *buf, size_t cap, uint32_t timeout_ms)
{
    wcapd_link_t *l = user;
    struct pollfd p[2] = {{.fd = l->fd, .events = POLLIN}, {.fd = l->listen_fd, .events = POLLIN}};
    int r = poll(p, l->listen_fd >= 0 ? 2 : 1, (int)timeout_ms);

    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (l->listen_fd >= 0 && (p[1].revents & POLLIN)) {
        /* A host that just left and the next one connecting is the normal
         * sequence: only refuse the newcomer while the current host is there. */
        uint8_t b;
        ssize_t k = recv(l->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
        if (k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return -1;
        refuse_extra_host(l);
    }
    if (r == 0 || !(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
        return 0;
    ssize_t n = read(l->fd, buf, cap);
    if (n < 0)
        return (errno == EINTR || errno == EAGAIN) ? 0 : -1;
    if (n == 0)
        return l->listen_fd >= 0 ? -1 : 0; /* tcp: peer closed; tty: nothing */
    for (ssize_t i = 0; l->noise_every && i < n; i++)
        if (++l->noise_count % l->noise_every == 0)
            buf[i] = buf[i] == 0x20 ? 0x21 : (uint8_t)(buf[i] ^ 0x20); /* simulated line noise */
    return (int)n;
}

static int lk_write(void *user, const uint8_t *data, size_t len)
{
    wcapd_link_t *l = user;
    return wcap_write_all(l->fd, data, len);
}

static int make_raw(int fd)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0)
        return -1;
    cfmakeraw(&t);
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    return tcsetattr(fd, TCSANOW, &t);
}

static int open_tcp(wcapd_link_t *l, const char *spec)
{
    char host[64];
    const char *colon = strrchr(spec, ':');
    struct sockaddr_in a = {.sin_family = AF_INET};
    socklen_t alen = sizeof a;
    int one = 1;
    char *end;

    if (colon == NULL || (size_t)(colon - spec) >= sizeof host)
        return -1;
    memcpy(host, spec, (size_t)(colon - spec));
    host[colon - spec] = '\0';
    long port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || end == colon + 1 || port < 0 || port > 65535 || inet_pton(AF_INET, host, &a.sin_addr) != 1)
        return -1;
    a.sin_port = htons((uint16_t)port);
    l->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l->listen_fd < 0)
        return -1;
    setsockopt(l->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(l->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(l->listen_fd, 1) != 0 ||
        getsockname(l->listen_fd, (struct sockaddr *)&a, &alen) != 0) {
        fprintf(stderr, "wcapd: error: cannot listen on %s: %s\n", spec, strerror(errno));
        close(l->listen_fd);
        l->listen_fd = -1;
        return -2;
    }
    snprintf(l->desc, sizeof l->desc, "tcp:%s:%u", host, (unsigned)ntohs(a.sin_port));
    return 0;
}

static int open_pty(wcapd_link_t *l)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0 || ptsname_r(m, l->desc, sizeof l->desc) != 0)
        return -1;
    /* Keep the slave open (raw, no echo) so the master never sees a hangup. */
    l->keep_fd = open(l->desc, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (l->keep_fd < 0 || make_raw(l->keep_fd) != 0 || make_raw(m) != 0)
        return -1;
    l->fd = m;
    return 0;
}

static int open_serial(wcapd_link_t *l, const char *path)
{
    if (strlen(path) >= sizeof l->desc)
        return -1;
    strcpy(l->desc, path);
    l->fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (l->fd < 0 || make_raw(l->fd) != 0) {
        fprintf(stderr, "wcapd: error: cannot open serial device %s: %s\n", path, strerror(errno));
        return -2;
    }
    return 0;
}

int wcapd_link_open(wcapd_link_t *l, const char *spec, wcap_dev_transport_t *iface)
{
    int rc;

    memset(l, 0, sizeof *l);
    l->listen_fd = l->fd = l->keep_fd = -1;
    if (strncmp(spec, "tcp:", 4) == 0)
        rc = open_tcp(l, spec + 4);
    else if (strcmp(spec, "pty") == 0)
        rc = open_pty(l);
    else
        rc = open_serial(l, spec);
    if (rc == -1)
        fprintf(stderr, "wcapd: error: bad --serial '%s' (want tcp:HOST:PORT, pty, or a device path)\n", spec);
    if (rc != 0)
        return -1;
    iface->read = lk_read;
    iface->write = lk_write;
    iface->user = l;
    return 0;
}

int wcapd_link_wait(wcapd_link_t *l)
{
    int one = 1;

    if (l->listen_fd < 0)
        return 0; /* a tty is always "connected" */
    do
        l->fd = accept4(l->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    while (l->fd < 0 && (errno == EINTR || errno == ECONNABORTED));
    if (l->fd < 0)
        return -1;
    setsockopt(l->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return 0;
}

void wcapd_link_drop(wcapd_link_t *l)
{
    if (l->listen_fd >= 0 && l->fd >= 0) {
        close(l->fd);
        l->fd = -1;
    }
}
