/*
 * Minimal JSON output (json.h).
 */
#include "json.h"

#include <ctype.h>
#include <string.h>


void wcapc_json_strn(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20 || c >= 0x7f)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

void wcapc_json_str(FILE *out, const char *s)
{
    wcapc_json_strn(out, s ? s : "", s ? strlen(s) : 0);
}

void wcapc_json_lines(FILE *out, const char *text, size_t n)
{
    size_t start = 0;
    int first = 1;
    fputc('[', out);
    for (size_t i = 0; i <= n; i++) {
        if (i == n && i == start)
            break;
        if (i == n || text[i] == '\n') {
            fputs(first ? "" : ", ", out);
            wcapc_json_strn(out, text + start, i - start);
            first = 0;
            start = i + 1;
        }
    }
    fputc(']', out);
}

void wcapc_json_caps(FILE *out, uint32_t mask, wcapc_caps_format_fn format)
{
    int first = 1;
    fputc('[', out);
    for (uint32_t bit = 1; bit != 0; bit <<= 1) {
        if (!(mask & bit))
            continue;
        char name[64];
        format(bit, name, sizeof name);
        if (!strcmp(name, "-"))
            snprintf(name, sizeof name, "0x%x", (unsigned)bit); /* a bit this wcap has no name for */
        fputs(first ? "" : ", ", out);
        wcapc_json_str(out, name);
        first = 0;
    }
    fputc(']', out);
}

void wcapc_json_number_text(FILE *out, const char *text)
{
    /* JSON numbers: -?digits[.digits][e[+-]digits]; printf's nan/inf are not */
    const char *p = text;
    if (*p == '-')
        p++;
    if (isdigit((unsigned char)*p))
        fputs(text, out);
    else
        wcapc_json_str(out, text);
}
