// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/taptext.h"

#include <stdio.h>
#include <string.h>

#include "lib/utf8.h"

bool tt_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Sets *n to the length of the line at l; returns where the next one starts. */
const char *tt_next_line(const char *l, size_t *n)
{
	*n = strcspn(l, "\n");
	return l + *n + (l[*n] == '\n');
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
 * A YAML double-quoted scalar with only the escapes both consumers know
 * (\uXXXX only where nothing else will do: prove shows it as it is).
 */
void tt_yaml_quoted(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0, k; i < n; i += k) {
		const unsigned char *c = (const unsigned char *)s + i;

		k = utf8_len(c, n - i);
		if (k == 0) {
			k = 1;
			fputs("\xef\xbf\xbd", out);	/* U+FFFD */
		} else if (tt_js_line_break(c, k)) {
			fprintf(out, "\\u20%02x", c[2] == 0xa8 ? 0x28 : 0x29);
		} else if (*c == '"' || *c == '\\') {
			fprintf(out, "\\%c", *c);
		} else if (*c == '\n' || *c == '\t') {
			fputs(*c == '\n' ? "\\n" : "\\t", out);
		} else if (*c < 0x20 || *c == 0x7f) {
			fprintf(out, "\\x%02x", *c);
		} else {
			fwrite(c, 1, k, out);
		}
	}
	fputc('"', out);
}
