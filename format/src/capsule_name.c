/* The capsule-name rule (wcap/capsule_name.h). */
#include "wcap/capsule_name.h"

#include "wcap/blob_format.h"

int wcap_name_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

int wcap_name_ok_n(const char *name, size_t len)
{
    if (len == 0u || len > WCAP_NAME_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!wcap_name_char_ok(name[i]))
            return 0;
    return 1;
}

int wcap_name_ok(const char *name)
{
    size_t n = 0;
    while (n <= WCAP_NAME_MAX && name[n] != '\0')
        n++;
    return name[n] == '\0' && wcap_name_ok_n(name, n);
}
