/*
 * Minimal JSON output for `--json` (one JSON value on stdout). Host C11.
 */
#ifndef WCAPC_JSON_H
#define WCAPC_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A JSON string of the n bytes at s (control characters, quotes, backslashes
 * and bytes >= 0x80 escaped as \u00XX: the output is ASCII). */
void wcapc_json_strn(FILE *out, const char *s, size_t n);
void wcapc_json_str(FILE *out, const char *s);
/* An array of the lines of text (n bytes; a last line without '\n' included). */
void wcapc_json_lines(FILE *out, const char *text, size_t n);
/* Writes the names of the capability bits in mask into out, "-" for none
 * (wcapc_caps_format of host/compiler/imports.h). */
typedef void (*wcapc_caps_format_fn)(uint32_t mask, char *out, size_t cap);
/* A JSON array of the capability names in mask (["log", "time"]), each named
 * by format; a bit format has no name for is written as "0x..". */
void wcapc_json_caps(FILE *out, uint32_t mask, wcapc_caps_format_fn format);
/* A number given as text: as is when it is a JSON number, else as a string
 * ("nan", "inf" of a float result). */
void wcapc_json_number_text(FILE *out, const char *text);

#endif /* WCAPC_JSON_H */
