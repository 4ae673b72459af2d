/*
 * Host helpers: buffers, whole-file I/O, atomic output, temp dirs, subprocesses.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include "host_io.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int wcapc_buf_put(wcapc_buf_t *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p)
            return -1;
        b->data = p;
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0; /* always NUL-terminated for text use */
    return 0;
}

int wcapc_buf_printf(wcapc_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    char *tmp = malloc((size_t)n + 1);
    if (!tmp)
        return -1;
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = wcapc_buf_put(b, tmp, (size_t)n);
    free(tmp);
    return rc;
}

void wcapc_buf_free(wcapc_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int wcapc_read_file(const char *path, size_t max, uint8_t **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) { /* a directory, FIFO or device: not a file to read whole */
        close(fd);
        errno = EISDIR;
        return -1;
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        errno = EFBIG;
        return -1;
    }
    size_t n = (size_t)st.st_size;
    uint8_t *p = malloc(n + 1);
    if (!p) {
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : EIO;
            free(p);
            close(fd);
            errno = e;
            return -1;
        }
        got += (size_t)r;
    }
    close(fd);
    p[n] = 0;
    *data = p;
    *len = n;
    return 0;
}

static char atomic_tmp[4200]; /* the temporary file being written, for signal handlers */
static volatile sig_atomic_t atomic_busy;

void wcapc_atomic_abort(void)
{
    if (atomic_busy)
        unlink(atomic_tmp);
}

int wcapc_write_atomic(const char *path, const void *data, size_t len, unsigned mode)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", path);
    int fd;
    atomic_busy = 0;
    if (plen + 16 <= sizeof atomic_tmp) { /* made in the static buffer, so a signal handler can remove it */
        memcpy(atomic_tmp, tmp, plen + 16);
        fd = mkstemp(atomic_tmp);
        memcpy(tmp, atomic_tmp, plen + 16);
        atomic_busy = fd >= 0;
    } else {
        fd = mkstemp(tmp);
    }
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return -1;
    }
    int rc = fchmod(fd, (mode_t)mode);
    if (rc == 0)
        rc = wcap_write_all(fd, data, len);
    if (rc == 0)
        rc = fsync(fd);
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0)
        unlink(tmp);
    atomic_busy = 0;
    free(tmp);
    errno = e;
    return rc;
}

int wcapc_tmpdir_create(char *out, size_t cap)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    if (snprintf(out, cap, "%s/wcap-XXXXXX", base) >= (int)cap) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkdtemp(out) ? 0 : -1;
}

void wcapc_tmpdir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            if (wcapc_path_join(path, sizeof path, dir, e->d_name) == 0)
                unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

int wcapc_path_join(char *out, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", dir, name);
    return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

/* Reads the child's output until EOF, keeping what fits. */
static void drain(int fd, char *out, size_t cap)
{
    size_t used = 0;
    char scratch[1024];
    for (;;) {
        char *dst = (out && used + 1 < cap) ? out + used : scratch;
        size_t room = (out && used + 1 < cap) ? cap - 1 - used : sizeof scratch;
        ssize_t r = read(fd, dst, room);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        if (dst != scratch)
            used += (size_t)r;
    }
    if (out && cap)
        out[used] = 0;
}

static volatile pid_t running_child; /* for wcapc_run_abort */

void wcapc_run_abort(void)
{
    pid_t pid = running_child;
    if (pid > 0) {
        kill(pid, SIGTERM); /* not SIGKILL: clang then removes its own temporary output */
        waitpid(pid, NULL, 0);
    }
}

int wcapc_run(char *const argv[], char *out, size_t cap)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    running_child = pid;
    close(fds[1]);
    drain(fds[0], out, cap);
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            running_child = 0;
            return -1;
        }
    running_child = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
