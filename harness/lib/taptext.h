/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text helpers shared by the verdict (synthetic points) and its rendering:
 * what both TAP consumers (Debian's prove, node's tap-parser) read alike.
 */
#ifndef NSP_LIB_TAPTEXT_H
#define NSP_LIB_TAPTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

bool tt_is_blank(char c);
/* Sets *n to the length of the line at l; returns where the next one starts. */
const char *tt_next_line(const char *l, size_t *n);
/* U+2028 or U+2029 (k bytes at s): line breaks to tap-parser's regexes. */
bool tt_js_line_break(const unsigned char *s, size_t k);
/* A YAML double-quoted scalar of n bytes at s, with only the escapes both
 * consumers know; invalid UTF-8 becomes U+FFFD. */
void tt_yaml_quoted(FILE *out, const char *s, size_t n);

#endif
