// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/taptext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/utf8.h"

bool tt_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

const char *tt_next_line(const char *l, size_t *n)
{
	*n = strcspn(l, "\n");
	return l + *n + (l[*n] == '\n');
}

size_t tt_char(const unsigned char *s, size_t n, bool *valid)
{
	size_t k = utf8_len(s, n);

	*valid = k != 0;
	return k ? k : 1;
}

/*
 * U+2028 and U+2029: JavaScript's "." does not match them, so a line that
 * holds one is not a test point for tap-parser, and the stream breaks.
 */
bool tt_js_line_break(const unsigned char *s, size_t k)
{
	return k == 3 && s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9);
}

/*
 * The character at s[i] and its length (*k), or NULL when the byte there
 * starts no valid UTF-8 sequence: U+FFFD is then written for it.
 */
static const unsigned char *char_or_replacement(FILE *out, const char *s, size_t n,
						size_t i, size_t *k)
{
	const unsigned char *c = (const unsigned char *)s + i;
	bool valid;

	*k = tt_char(c, n - i, &valid);
	if (valid)
		return c;
	fputs(TT_REPLACEMENT, out);
	return NULL;
}

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/*
 * A description or reason is one line, and '#' would start a directive.
 * TAP 14 escapes '#' as "\#" and so needs '\' itself escaped as "\\":
 * otherwise a description ending in a backslash before an escaped '#'
 * ("a\\#") reads as an escaped backslash and then a directive.  Control
 * characters and JavaScript line breaks become blanks.
 */
void tt_line_text(FILE *out, const char *s, size_t n, enum tt_line_kind kind)
{
	for (size_t i = 0, k; i < n; i += k) {
		const unsigned char *c = char_or_replacement(out, s, n, i, &k);

		if (!c)
			continue;
		if (is_control(*c) || tt_js_line_break(c, k))
			fputc(' ', out);
		else if (kind == TT_POINT && (*c == '#' || *c == '\\'))
			fprintf(out, "\\%c", *c);
		else
			fwrite(c, 1, k, out);
	}
}

char *tt_line_unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '#' || s[i + 1] == '\\'))
			i++;
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/*
 * Only the escapes both consumers know (\uXXXX only where nothing else
 * will do: prove shows it as it is).
 */
void tt_yaml_quoted(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0, k; i < n; i += k) {
		const unsigned char *c = char_or_replacement(out, s, n, i, &k);

		if (!c)
			continue;
		if (tt_js_line_break(c, k))
			fprintf(out, "\\u20%02x", c[2] == 0xa8 ? 0x28 : 0x29);
		else if (*c == '"' || *c == '\\')
			fprintf(out, "\\%c", *c);
		else if (*c == '\n' || *c == '\t')
			fputs(*c == '\n' ? "\\n" : "\\t", out);
		else if (is_control(*c))
			fprintf(out, "\\x%02x", *c);
		else
			fwrite(c, 1, k, out);
	}
	fputc('"', out);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

size_t tt_yaml_escape_len(const char *v, size_t n)
{
	if (n >= 2 && v[0] == '\\' && memchr("\"\\ntr", v[1], 5))
		return 2;
	if (n >= 4 && v[0] == '\\' && v[1] == 'x' && hex_value(v[2]) >= 0 &&
	    hex_value(v[3]) >= 0)
		return 4;
	return 0;
}

void tt_yaml_unquote(FILE *m, const char *v, size_t n)
{
	static const char from[] = "nrt\"\\", to[] = "\n\r\t\"\\";

	for (size_t i = 0, k; i < n; i += k) {
		k = tt_yaml_escape_len(v + i, n - i);
		if (k == 2) {
			fputc(to[(const char *)memchr(from, v[i + 1], 5) - from], m);
		} else if (k == 4) {
			int x = hex_value(v[i + 2]) << 4 | hex_value(v[i + 3]);

			fputc(x ? x : 1, m);
		} else {
			k = 1;
			fputc(v[i], m);
		}
	}
}

bool tt_yaml_is_portable(const char *v, size_t n)
{
	const unsigned char *u = (const unsigned char *)v;

	if (n < 2 || v[0] != '"' || v[n - 1] != '"')
		return false;
	for (size_t i = 1, k; i < n - 1; i += k) {
		k = utf8_len(u + i, n - 1 - i);
		if (k == 0 || tt_js_line_break(u + i, k) || v[i] == '"' || is_control(u[i]))
			return false;
		if (v[i] == '\\' && (k = tt_yaml_escape_len(v + i, n - 1 - i)) == 0)
			return false;
	}
	return true;
}
