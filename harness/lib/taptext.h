/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TAP text, one way for every part that writes or reads it: the probes'
 * TAP writer (tap.c), the runner's parser (tapdoc.c) and re-renderer
 * (verdict_render.c) and JUnit (junit.c).  What is written here is what
 * both TAP consumers (Debian's prove, node's tap-parser) read alike, and
 * what the readers here undo is exactly what the writers here do.
 */
#ifndef NSP_LIB_TAPTEXT_H
#define NSP_LIB_TAPTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define TT_REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD, for bytes that are not UTF-8 */

bool tt_is_blank(char c);
/* Sets *n to the length of the line at l; returns where the next one starts. */
const char *tt_next_line(const char *l, size_t *n);

/*
 * The character at s (n bytes left): its length, at least 1; *valid is
 * false when that one byte starts no valid UTF-8 sequence (write
 * TT_REPLACEMENT for it).
 */
size_t tt_char(const unsigned char *s, size_t n, bool *valid);
/* U+2028 or U+2029 (k bytes at s): line breaks to tap-parser's regexes. */
bool tt_js_line_break(const unsigned char *s, size_t k);

/* ---- text on one TAP line ----------------------------------------------- */

enum tt_line_kind {
	TT_COMMENT,	/* after "# ": only made one valid UTF-8 line */
	TT_POINT,	/* a description or reason: '#' and '\' escaped too */
};
/* n bytes at s as text on one line, whatever bytes they are. */
void tt_line_text(FILE *out, const char *s, size_t n, enum tt_line_kind kind);
/* The text of a TT_POINT field again ("\#" is '#', "\\" is '\'); malloc'd. */
char *tt_line_unescape(const char *s, size_t n);

/* ---- YAML double-quoted scalars ----------------------------------------- */

/* A YAML double-quoted scalar of n bytes at s, with only the escapes both
 * consumers know; invalid UTF-8 becomes U+FFFD. */
void tt_yaml_quoted(FILE *out, const char *s, size_t n);
/* Length of an escape both consumers read alike at v (\" \\ \n \t \r
 * \xHH), or 0; \u2028 is not one of them (prove shows it as it is). */
size_t tt_yaml_escape_len(const char *v, size_t n);
/* A double-quoted scalar (quotes included) that both consumers read alike. */
bool tt_yaml_is_portable(const char *v, size_t n);
/*
 * The text between the quotes of a double-quoted scalar, unescaped, to m.
 * A NUL (\x00) is written as 0x01, so that the result stays a C string.
 */
void tt_yaml_unquote(FILE *m, const char *v, size_t n);

#endif
