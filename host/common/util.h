/*
 * Host helpers: whole-file I/O, atomic output, temporary directories and
 * subprocesses (fork/exec, never a shell). Host C11.
 */
#ifndef WCAPC_UTIL_H
#define WCAPC_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Growable byte buffer. */
typedef struct {
    uint8_t *data;
    size_t len, cap;
} wcapc_buf_t;

/* Appends; returns 0, or -1 when out of memory (the buffer is left as it was). */
int wcapc_buf_put(wcapc_buf_t *b, const void *data, size_t len);
int wcapc_buf_printf(wcapc_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wcapc_buf_free(wcapc_buf_t *b);

/* Reads a whole regular file (at most `max` bytes) into a malloc'd buffer with a
 * NUL byte after the end. Returns 0, or -1 with errno set (EFBIG when larger). */
int wcapc_read_file(const char *path, size_t max, uint8_t **data, size_t *len);

/* Writes `path` atomically: a temporary file in the same directory, then rename.
 * `mode` is applied before any byte is written. Returns 0, or -1 with errno set;
 * on failure neither `path` (if it did not exist) nor a temporary file remains. */
int wcapc_write_atomic(const char *path, const void *data, size_t len, unsigned mode);

/* From a signal handler: unlinks the temporary file of a wcapc_write_atomic in
 * progress, if any (async-signal-safe). */
void wcapc_atomic_abort(void);

/* Creates a fresh private temporary directory; writes its path to `out`. */
int wcapc_tmpdir_create(char *out, size_t cap);
/* Removes the files in `dir` (not recursive) and then the directory. */
void wcapc_tmpdir_remove(const char *dir);

/* Runs argv[0] (looked up in PATH) with no shell. Its stdout and stderr are
 * captured together into `out` (NUL-terminated, truncated to `cap`-1 bytes) when
 * non-NULL. Returns the exit status (0..255), or -1 if it could not be started
 * or was killed by a signal. */
int wcapc_run(char *const argv[], char *out, size_t cap);

/* From a signal handler: kills and reaps the child wcapc_run is waiting for, if any. */
void wcapc_run_abort(void);

/* "dir/name" into out; returns 0, or -1 when it does not fit. */
int wcapc_path_join(char *out, size_t cap, const char *dir, const char *name);

#endif /* WCAPC_UTIL_H */
