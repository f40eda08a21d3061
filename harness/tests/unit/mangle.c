// SPDX-License-Identifier: GPL-2.0-or-later
/* Cut and mangled copies of a parser's sample input (selftest.h). */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/selftest.h"

void selftest_mangle(const char *text, const char *subst, void (*check)(const char *text))
{
	size_t n = strlen(text);
	char *buf = malloc(n + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	for (size_t len = 0; len <= n; len++) {
		memcpy(buf, text, len);
		buf[len] = '\0';
		check(buf);
	}
	for (size_t i = 0; i < n; i++)
		for (const char *c = subst; *c; c++) {
			memcpy(buf, text, n + 1);
			buf[i] = *c;
			check(buf);
		}
	free(buf);
}
