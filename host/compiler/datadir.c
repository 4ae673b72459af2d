/*
 * The data directory of `wcap` (datadir.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "datadir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int wcapc_exe_dir(char *out, size_t cap)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = 0;
    if ((size_t)snprintf(out, cap, "%s", exe[0] ? exe : "/") >= cap)
        return -1;
    return 0;
}

/* Whether DIR/WCAPC_DATA_MARKER is readable. */
static int has_marker(const char *dir)
{
    char path[4200];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, WCAPC_DATA_MARKER) >= sizeof path)
        return 0;
    return access(path, R_OK) == 0;
}

int wcapc_data_dir(char *out, size_t cap, char *err, size_t errcap)
{
    const char *env = getenv(WCAPC_DATA_ENV);
    if (env && env[0]) {
        if (!has_marker(env)) {
            snprintf(err, errcap,
                     "%s=%s is not a wcap data directory (no %s there): point it at the share/wcap directory "
                     "of an installation, or unset it",
                     WCAPC_DATA_ENV, env, WCAPC_DATA_MARKER);
            return -1;
        }
        if ((size_t)snprintf(out, cap, "%s", env) >= cap) {
            snprintf(err, errcap, "%s is too long", WCAPC_DATA_ENV);
            return -1;
        }
        return 0;
    }
    char exe_dir[4096], dir[4200];
    if (wcapc_exe_dir(exe_dir, sizeof exe_dir)) {
        snprintf(err, errcap,
                 "cannot find wcap's data directory: the path of the executable is unknown (%s); set %s to the "
                 "share/wcap directory of the installation",
                 strerror(errno), WCAPC_DATA_ENV);
        return -1;
    }
    const char *parent = exe_dir;
    char up[4096];
    snprintf(up, sizeof up, "%s", exe_dir);
    char *slash = strrchr(up, '/');
    if (slash) {
        if (slash == up)
            slash[1] = 0;
        else
            *slash = 0;
        parent = up;
    }
    snprintf(dir, sizeof dir, "%s%sshare/wcap", parent, parent[strlen(parent) - 1] == '/' ? "" : "/");
    if (!has_marker(dir)) {
        snprintf(err, errcap,
                 "wcap's data directory is missing: %s (../share/wcap from the executable's directory %s) "
                 "has no %s, and %s is not set; reinstall wcap (cmake --install, or the wcap package) or set "
                 "%s to the share/wcap directory of an installation",
                 dir, exe_dir, WCAPC_DATA_MARKER, WCAPC_DATA_ENV, WCAPC_DATA_ENV);
        return -1;
    }
    if ((size_t)snprintf(out, cap, "%s", dir) >= cap) {
        snprintf(err, errcap, "the data directory's path is too long: %s", dir);
        return -1;
    }
    return 0;
}
