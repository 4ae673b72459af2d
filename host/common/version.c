/*
 * The version of the wcap host tools (version.h).
 */
#include "host_version.h"

#include "wcap_version_gen.h"

const char *wcap_version(void)
{
    return WCAP_VERSION_TEXT;
}

const char *wcap_git_commit(void)
{
    return WCAP_GIT_COMMIT;
}
