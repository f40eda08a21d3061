// SPDX-License-Identifier: GPL-2.0-or-later
/* Self-tests of the suite-file parser (harness/suite.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/selftest.h"
#include "runner/suite.h"

static void test_basic_entries(void)
{
	const char *text =
		"# a comment\n"
		"\n"
		"first   probe_a\n"
		"  second timeout=2.5 probe_b --flag value   # trailing comment\n"
		"third probe_c \"two words\" 'single q' a\\ b \"esc \\\" q\"";
	struct suite s;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(suite_parse(text, "dir/uts.suite", &s, &e), 0);
	CU_ASSERT_STRING_EQUAL(s.name, "uts");
	CU_ASSERT_EQUAL_FATAL(s.n, 3);
	CU_ASSERT_STRING_EQUAL(s.v[0].id, "uts.first");
	CU_ASSERT_STRING_EQUAL(s.v[0].argv[0], "probe_a");
	CU_ASSERT_PTR_NULL(s.v[0].argv[1]);
	CU_ASSERT_EQUAL(s.v[0].line, 3);
	CU_ASSERT_DOUBLE_EQUAL(s.v[1].timeout, 2.5, 1e-9);
	CU_ASSERT_STRING_EQUAL(s.v[1].argv[2], "value");
	CU_ASSERT_PTR_NULL(s.v[1].argv[3]);
	CU_ASSERT_STRING_EQUAL(s.v[2].argv[1], "two words");
	CU_ASSERT_STRING_EQUAL(s.v[2].argv[2], "single q");
	CU_ASSERT_STRING_EQUAL(s.v[2].argv[3], "a b");
	CU_ASSERT_STRING_EQUAL(s.v[2].argv[4], "esc \" q");
	CU_ASSERT_EQUAL(s.v[2].line, 5);
	suite_free(&s);
}

static void test_empty_file(void)
{
	struct suite s;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(suite_parse("# only comments\n\n", "x.suite", &s, &e), 0);
	CU_ASSERT_EQUAL(s.n, 0);
	suite_free(&s);
}

/* Each malformed text must fail naming file:line and the reason. */
static const struct {
	const char *text;
	const char *message;
} malformed[] = {
	{ "ok probe\nbad/name probe\n", "m.suite:2: entry name must be [A-Za-z0-9_.-]+, not starting with . or -" },
	{ "-x probe\n", "m.suite:1: entry name must be [A-Za-z0-9_.-]+, not starting with . or -" },
	{ "lonely\n", "m.suite:1: no probe named after the entry name" },
	{ "a timeout=2\n", "m.suite:1: no probe named after the entry name" },
	{ "a timeout=0 p\n", "m.suite:1: timeout= wants seconds, 0 < S <= 86400" },
	{ "a timeout=-1 p\n", "m.suite:1: timeout= wants seconds, 0 < S <= 86400" },
	{ "a timeout=abc p\n", "m.suite:1: timeout= wants seconds, 0 < S <= 86400" },
	{ "a timeout=1e9 p\n", "m.suite:1: timeout= wants seconds, 0 < S <= 86400" },
	{ "a ../../bin/sh\n", "m.suite:1: probe must be a plain program name ([A-Za-z0-9_.-]+, not starting with . or -)" },
	{ "a ..\n", "m.suite:1: probe must be a plain program name ([A-Za-z0-9_.-]+, not starting with . or -)" },
	{ "a .hidden\n", "m.suite:1: probe must be a plain program name ([A-Za-z0-9_.-]+, not starting with . or -)" },
	{ "a p\na q\n", "m.suite:2: duplicate entry name" },
	{ "\n\na p \"open\n", "m.suite:3: unterminated quote" },
	{ "a p 'open\n", "m.suite:1: unterminated quote" },
};

static void test_malformed_lines(void)
{
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		struct suite s;
		struct nsp_err e = { 0 };

		CU_ASSERT_EQUAL(suite_parse(malformed[i].text, "m.suite", &s, &e), -1);
		CU_ASSERT_EQUAL(e.errnum, EINVAL);
		CU_ASSERT_STRING_EQUAL(e.msg, malformed[i].message);
		CU_ASSERT_EQUAL(s.n, 0);
		CU_ASSERT_PTR_NULL(s.v);
	}
}

static void test_too_many_words(void)
{
	char line[1024] = "name probe";
	struct suite s;
	struct nsp_err e;

	for (int i = 0; i < 70; i++)
		strcat(line, " x");
	CU_ASSERT_EQUAL(suite_parse(line, "w.suite", &s, &e), -1);
	CU_ASSERT_STRING_EQUAL(e.msg, "w.suite:1: more than 64 words");
}

static void test_load_missing_and_nul(void)
{
	char path[] = "/tmp/nsp-suite-XXXXXX";
	struct suite s;
	struct nsp_err e;
	int fd;

	CU_ASSERT_EQUAL(suite_load("/nonexistent/x.suite", &s, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "a p\0b q\n", 8), 8);
	close(fd);
	CU_ASSERT_EQUAL(suite_load(path, &s, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	unlink(path);
}

static void test_name_of(void)
{
	char *n1 = suite_name_of("/a/b/pidns.suite"), *n2 = suite_name_of("plain"),
	     *n3 = suite_name_of(".suite");

	CU_ASSERT_STRING_EQUAL(n1, "pidns");
	CU_ASSERT_STRING_EQUAL(n2, "plain");
	CU_ASSERT_STRING_EQUAL(n3, ".suite");
	free(n1);
	free(n2);
	free(n3);
}

static const struct selftest_case cases[] = {
	{ "basic entries, quoting, timeout", test_basic_entries },
	{ "empty file", test_empty_file },
	{ "malformed lines name file:line", test_malformed_lines },
	{ "more than 64 words", test_too_many_words },
	{ "missing file, NUL byte", test_load_missing_and_nul },
	{ "suite name of a path", test_name_of },
	{ NULL, NULL },
};

SELFTEST_SUITE(suite_suite, "suite-file parser", cases)
