/*
 * The version of the wcap host tools (wcap, wcapd): project(VERSION) of the
 * top CMakeLists.txt and the git commit they were built from (cmake/version.cmake).
 * Host C11.
 */
#ifndef WCAP_HOST_VERSION_H
#define WCAP_HOST_VERSION_H

/* "0.1.0" */
const char *wcap_version(void);
/* "91dcb27a1b2c", with "-dirty" when the tree had local changes; "unknown" without git. */
const char *wcap_git_commit(void);

#endif /* WCAP_HOST_VERSION_H */
