// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the TAP text module (taptext.h): what its writers put on a
 * line or in a YAML scalar, its readers take back to the same text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/selftest.h"
#include "lib/taptext.h"

/* What fn wrote for n bytes at s, as a malloc'd string. */
static char *written(void (*fn)(FILE *, const char *, size_t), const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fn(f, s, n);
	fclose(f);
	return buf;
}

static void point_text(FILE *f, const char *s, size_t n)
{
	tt_line_text(f, s, n, TT_POINT);
}

static void unquote_all(FILE *f, const char *s, size_t n)
{
	tt_yaml_unquote(f, s + 1, n - 2);	/* between the quotes */
}

/* Text that survives both round trips unchanged (valid UTF-8, no NUL). */
static const char *const round_trip[] = {
	"plain", "a # b", "ends in backslash\\", "a\\#b", "caf\xc3\xa9",
	"quote \" and \\ back", "",
};

static void test_round_trips(void)
{
	for (size_t i = 0; i < sizeof(round_trip) / sizeof(round_trip[0]); i++) {
		const char *s = round_trip[i];
		char *line = written(point_text, s, strlen(s));
		char *back = tt_line_unescape(line, strlen(line));
		char *quoted = written(tt_yaml_quoted, s, strlen(s));
		char *unq = written(unquote_all, quoted, strlen(quoted));

		CU_ASSERT_STRING_EQUAL(back, s);
		CU_ASSERT_STRING_EQUAL(unq, s);
		CU_ASSERT_TRUE(tt_yaml_is_portable(quoted, strlen(quoted)));
		free(line);
		free(back);
		free(quoted);
		free(unq);
	}
}

/* Bytes a line cannot carry: what each writer makes of them. */
static const struct {
	const char *in;
	const char *line;	/* tt_line_text, TT_POINT */
	const char *quoted;	/* tt_yaml_quoted */
} replaced[] = {
	{ "new\nline\r", "new line ", "\"new\\nline\\x0d\"" },
	{ "bad \xff byte", "bad " TT_REPLACEMENT " byte", "\"bad " TT_REPLACEMENT " byte\"" },
	{ "ls \xe2\x80\xa8 ps", "ls   ps", "\"ls \\u2028 ps\"" },
	{ "esc \x1b del \x7f", "esc   del  ", "\"esc \\x1b del \\x7f\"" },
};

static void test_replacements(void)
{
	for (size_t i = 0; i < sizeof(replaced) / sizeof(replaced[0]); i++) {
		const char *s = replaced[i].in;
		char *line = written(point_text, s, strlen(s));
		char *quoted = written(tt_yaml_quoted, s, strlen(s));

		CU_ASSERT_STRING_EQUAL(line, replaced[i].line);
		CU_ASSERT_STRING_EQUAL(quoted, replaced[i].quoted);
		free(line);
		free(quoted);
	}
}

/* What the re-renderer may keep as it is, and what it must quote again. */
static void test_portable(void)
{
	CU_ASSERT_TRUE(tt_yaml_is_portable("\"a\\tb\\x01\"", 10));
	CU_ASSERT_FALSE(tt_yaml_is_portable("\"a\\qb\"", 6));	/* unknown escape */
	CU_ASSERT_FALSE(tt_yaml_is_portable("\"a\\u2028\"", 9));	/* prove keeps it */
	CU_ASSERT_FALSE(tt_yaml_is_portable("'single'", 8));
	CU_ASSERT_FALSE(tt_yaml_is_portable("\"\xff\"", 3));
}

static const struct selftest_case taptext_cases[] = {
	{ "writers and readers round-trip", test_round_trips },
	{ "bytes a line cannot carry", test_replacements },
	{ "portable double-quoted scalars", test_portable },
	{ NULL, NULL }
};

SELFTEST_SUITE(taptext_suite, "taptext", taptext_cases)
