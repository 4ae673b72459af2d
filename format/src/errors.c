/* wcap_strerror: one message per code of the errors.h X-macro. */
#include "wcap/errors.h"

#include <stddef.h>

typedef struct {
    int code;
    const char *msg;
} wcap_err_entry_t;

static const wcap_err_entry_t wcap_err_table[] = {
#define WCAP_ERR_ROW(name, val, msg) {val, msg},
    WCAP_ERRORS(WCAP_ERR_ROW)
#undef WCAP_ERR_ROW
};

const char *wcap_strerror(int code)
{
    size_t i;
    for (i = 0; i < sizeof wcap_err_table / sizeof wcap_err_table[0]; i++) {
        if (wcap_err_table[i].code == code) {
            return wcap_err_table[i].msg;
        }
    }
    return "unknown error";
}
