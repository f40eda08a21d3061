// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/jsonline.h"

#include <stdio.h>
#include <string.h>

/* Copy a quoted JSON string starting after its opening quote. */
static int unquote(const char *s, const char *end, char *buf, size_t len)
{
	size_t n = 0;

	for (; s < end && *s != '"'; s++) {
		char c = *s;

		if (c == '\\' && s + 1 < end) {
			s++;
			c = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
		}
		if (n + 1 >= len)
			return -1;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return s < end ? 0 : -1;
}

static int scalar(const char *s, const char *end, char *buf, size_t len)
{
	size_t n;

	while (end > s && (end[-1] == ',' || end[-1] == ' ' || end[-1] == '\r'))
		end--;
	n = (size_t)(end - s);
	if (n == 0 || n >= len)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

const char *jl_next(const char *from, const char *key, char *buf, size_t len)
{
	char pat[128];
	size_t plen;

	if (len)
		buf[0] = '\0';
	plen = (size_t)snprintf(pat, sizeof(pat), "\"%s\":", key);
	if (plen >= sizeof(pat))
		return NULL;
	for (const char *line = from; line && *line;) {
		const char *eol = strchr(line, '\n'), *end = eol ? eol : line + strlen(line);
		const char *p = line + strspn(line, " \t{[,");

		if ((size_t)(end - p) > plen && strncmp(p, pat, plen) == 0) {
			int rc;

			p += plen;
			p += strspn(p, " ");
			rc = *p == '"' ? unquote(p + 1, end, buf, len) : scalar(p, end, buf, len);
			if (rc < 0) {
				if (len)
					buf[0] = '\0';
				return NULL;
			}
			return eol ? eol + 1 : end;
		}
		line = eol ? eol + 1 : NULL;
	}
	return NULL;
}
