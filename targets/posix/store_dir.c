/*
 * wcapd's store: each record is one file of the --store directory. Record
 * "cap/NAME" is file "cap_NAME". A write goes to a hidden temporary file that
 * commit fsyncs and renames over the record, so a record is always either the
 * old or the new one, never partial.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_io.h"
#include "wcapd.h"
#include "wcap/capsule_name.h"

/* Valid: "xxx/NAME", prefix 3 lowercase letters, NAME of [A-Za-z0-9_.-]. */
static int record_ok(const char *rec)
{
    size_t n = strlen(rec);
    if (n < 5 || n > WCAP_DEV_RECORD_NAME_MAX || rec[3] != '/')
        return 0;
    for (size_t i = 0; i < 3; i++)
        if (rec[i] < 'a' || rec[i] > 'z')
            return 0;
    return wcap_name_ok_n(rec + 4, n - 4);
}

/* File path of a record; -1 if the name is invalid. */
static int record_path(const wcapd_store_t *s, const char *rec, char *out, size_t cap)
{
    if (!record_ok(rec))
        return -1;
    int n = snprintf(out, cap, "%s/%.3s_%s", s->dir, rec, rec + 4);
    return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

static int st_write_open(void *user, const char *rec)
{
    wcapd_store_t *s = user;
    if (s->wfd >= 0 || record_path(s, rec, s->wfinal, sizeof s->wfinal) != 0)
        return -1;
    snprintf(s->wtmp, sizeof s->wtmp, "%s/.tmp-%ld", s->dir, (long)getpid());
    s->wfd = open(s->wtmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    return s->wfd >= 0 ? 0 : -1;
}

static int st_write(void *user, const uint8_t *data, size_t len)
{
    wcapd_store_t *s = user;
    return wcap_write_all(s->wfd, data, len);
}

static void st_write_abort(void *user)
{
    wcapd_store_t *s = user;
    if (s->wfd < 0)
        return;
    close(s->wfd);
    unlink(s->wtmp);
    s->wfd = -1;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int st_write_commit(void *user)
{
    wcapd_store_t *s = user;
    if (s->wfd < 0)
        return -1;
    if (fsync(s->wfd) != 0 || close(s->wfd) != 0) {
        s->wfd = -1;
        unlink(s->wtmp);
        return -1;
    }
    s->wfd = -1;
    if (rename(s->wtmp, s->wfinal) != 0) {
        unlink(s->wtmp);
        return -1;
    }
    sync_dir(s->dir);
    return 0;
}

static int st_read(void *user, const char *rec, uint32_t offset, uint8_t *buf, size_t len)
{
    wcapd_store_t *s = user;
    char path[600];
    ssize_t n;

    if (record_path(s, rec, path, sizeof path) != 0)
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    do
        n = pread(fd, buf, len, (off_t)offset);
    while (n < 0 && errno == EINTR);
    close(fd);
    return n < 0 ? -1 : (int)n;
}

static int st_erase(void *user, const char *rec)
{
    wcapd_store_t *s = user;
    char path[600];
    if (record_path(s, rec, path, sizeof path) != 0)
        return -1;
    if (unlink(path) != 0 && errno != ENOENT)
        return -1;
    sync_dir(s->dir);
    return 0;
}

/* The index-th file that maps back to a valid record name (sorted by readdir order). */
static int st_list(void *user, uint32_t index, char *name, size_t cap)
{
    wcapd_store_t *s = user;
    DIR *d = opendir(s->dir);
    struct dirent *e;
    uint32_t i = 0;
    int found = 0;

    if (d == NULL)
        return -1;
    while (!found && (e = readdir(d)) != NULL) {
        char rec[WCAP_DEV_RECORD_NAME_MAX + 2];
        if (strlen(e->d_name) > WCAP_DEV_RECORD_NAME_MAX || e->d_name[0] == '.')
            continue;
        memcpy(rec, e->d_name, strlen(e->d_name) + 1);
        if (rec[3] == '_')
            rec[3] = '/';
        if (!record_ok(rec) || i++ != index)
            continue;
        if (strlen(rec) + 1 > cap)
            break;
        memcpy(name, rec, strlen(rec) + 1);
        found = 1;
    }
    closedir(d);
    return found;
}

/* Temporary files of writes that a crash interrupted are never committed. */
static void remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[600];

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, ".tmp-", 5) != 0)
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
            unlink(path);
    }
    closedir(d);
}

int wcapd_store_open(wcapd_store_t *s, const char *dir, wcap_dev_store_t *iface)
{
    struct stat st;

    memset(s, 0, sizeof *s);
    s->wfd = -1;
    if (strlen(dir) >= sizeof s->dir - 64) {
        fprintf(stderr, "wcapd: error: store path too long\n");
        return -1;
    }
    strcpy(s->dir, dir);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "wcapd: error: cannot create store %s: %s\n", dir, strerror(errno));
        return -1;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "wcapd: error: store %s is not a directory\n", dir);
        return -1;
    }
    remove_stale_temps(dir);
    iface->write_open = st_write_open;
    iface->write = st_write;
    iface->write_commit = st_write_commit;
    iface->write_abort = st_write_abort;
    iface->read = st_read;
    iface->erase = st_erase;
    iface->list = st_list;
    iface->user = s;
    return 0;
}
