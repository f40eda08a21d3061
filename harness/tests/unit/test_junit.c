// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the JUnit writer (junit.h): counts as Jenkins and GitLab
 * add them up, and text escaped for XML 1.0 whatever bytes it holds.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "runner/junit.h"
#include "tests/unit/selftest.h"

static char *write_xml(const struct case_suite *suites, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(junit_write(m, suites, n), 0);
	CU_ASSERT_EQUAL(fclose(m), 0);
	return text;
}

static void judge(const char *tap, int exit_code, struct verdict *v)
{
	struct run_outcome o = { .wait_status = W_EXITCODE(exit_code, 0) };

	CU_ASSERT_EQUAL_FATAL(verdict_judge(tap, strlen(tap), &o, v), 0);
}

/* The XML of one suite holding one entry, judged from `tap` (exit 0). */
static char *one_entry_xml(const char *suite, const char *entry, const char *tap,
			   double seconds)
{
	struct verdict v;
	struct case_entry e;
	struct case_suite s = { .name = suite, .entries = &e, .nentries = 1 };
	char *xml;

	judge(tap, 0, &v);
	e = (struct case_entry){ .name = entry, .v = &v, .seconds = seconds };
	xml = write_xml(&s, 1);
	verdict_free(&v);
	return xml;
}

static void expect_in(const char *xml, const char *want)
{
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, want));
	if (!strstr(xml, want))
		fprintf(stderr, "\nmissing: %s\nin:\n%s\n", want, xml);
}

/* ---- counts ------------------------------------------------------------- */

static const struct {
	const char *name, *tap;
	int exit_code;
} entries[] = {
	{ "fails", "TAP version 13\n1..2\nok 1 - a\nnot ok 2 - b\n  ---\n"
		   "  severity: fail\n  expected: \"1\"\n  got: \"2\"\n  ...\n", 1 },
	{ "breaks", "TAP version 13\n1..1\nnot ok 1 - c\n  ---\n  severity: broken\n"
		    "  error: \"mkdir: EACCES\"\n  ...\n", 2 },
	{ "skips", "TAP version 13\n1..0 # SKIP no userns\n", 4 },
	{ "todo", "TAP version 13\n1..3\nok 1 - d\nnot ok 2 - e # TODO later\n"
		  "ok 3 - f # SKIP no veth\n", 0 },
};
#define NENTRIES (sizeof(entries) / sizeof(entries[0]))

static void test_counts(void)
{
	struct verdict v[NENTRIES];
	struct case_entry e[NENTRIES];
	struct case_suite s[2] = {
		{ .name = "uts", .entries = e, .nentries = 2 },
		{ .name = "pid", .entries = e + 2, .nentries = 2 },
	};
	char *xml;

	for (size_t i = 0; i < NENTRIES; i++) {
		judge(entries[i].tap, entries[i].exit_code, &v[i]);
		e[i] = (struct case_entry){ .name = entries[i].name, .v = &v[i],
					     .seconds = 1.0 };
	}
	xml = write_xml(s, 2);
	CU_ASSERT_EQUAL(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39), 0);
	expect_in(xml, "<testsuites name=\"nsprobe\" tests=\"7\" failures=\"1\" errors=\"1\""
		  " skipped=\"3\" time=\"4.000\">\n");
	expect_in(xml, "  <testsuite name=\"uts\" tests=\"3\" failures=\"1\" errors=\"1\""
		  " skipped=\"0\" time=\"2.000\">\n");
	expect_in(xml, "  <testsuite name=\"pid\" tests=\"4\" failures=\"0\" errors=\"0\""
		  " skipped=\"3\" time=\"2.000\">\n");
	/* the entry's time is shared between its testcases */
	expect_in(xml, "    <testcase classname=\"uts.fails\" name=\"a\" time=\"0.500\"/>\n");
	expect_in(xml, "    <testcase classname=\"uts.fails\" name=\"b\" time=\"0.500\">\n"
		  "      <failure message=\"expected 1, got 2\" type=\"fail\">"
		  "severity: fail\nexpected: &quot;1&quot;\ngot: &quot;2&quot;</failure>\n"
		  "    </testcase>\n");
	expect_in(xml, "<error message=\"mkdir: EACCES\" type=\"broken\">");
	expect_in(xml, "    <testcase classname=\"pid.skips\" name=\"skips\" time=\"1.000\">\n"
		  "      <skipped message=\"no userns\"/>\n    </testcase>\n");
	expect_in(xml, "name=\"e\" time=\"0.333\">\n      <skipped message=\"TODO: later\"/>");
	expect_in(xml, "name=\"f\" time=\"0.333\">\n      <skipped message=\"no veth\"/>");
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "</testsuites>\n"));
	free(xml);
	for (size_t i = 0; i < NENTRIES; i++)
		verdict_free(&v[i]);
}

/* A synthetic point's message is its error. */
static void test_synthetic_message(void)
{
	char *xml = one_entry_xml("x", "noplan", "TAP version 13\nok 1 - a\n", 0);

	expect_in(xml, "name=\"probe prints a plan\" time=\"0.000\">\n"
		  "      <error message=\"no plan line (1..N): the output ends after 1 test"
		  " points\" type=\"broken\">");
	free(xml);
}

/* ---- escaping ----------------------------------------------------------- */

static const struct escape_case {
	const char *in, *attr, *text;
} escape_cases[] = {
	{ "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&apos;f", "a&amp;b&lt;c&gt;d&quot;e&apos;f" },
	{ "tab\tlf\ncr\r", "tab&#9;lf&#10;cr&#13;", "tab\tlf\ncr&#13;" },
	{ "nul-less \x01\x1b\x7f", "nul-less \xef\xbf\xbd\xef\xbf\xbd\x7f",
	  "nul-less \xef\xbf\xbd\xef\xbf\xbd\x7f" },
	{ "bad \xff \xc3( \xed\xa0\x80", "bad \xef\xbf\xbd \xef\xbf\xbd( \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	  "bad \xef\xbf\xbd \xef\xbf\xbd( \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	{ "nonchar \xef\xbf\xbe\xef\xbf\xbf", "nonchar \xef\xbf\xbd\xef\xbf\xbd",
	  "nonchar \xef\xbf\xbd\xef\xbf\xbd" },
	{ "fine \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "fine \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
	  "fine \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80" },
	{ "cut \xe2\x82", "cut \xef\xbf\xbd\xef\xbf\xbd", "cut \xef\xbf\xbd\xef\xbf\xbd" },
};

/* The same text as a testcase name (attribute) and as failure YAML (text). */
static void check_escape(const struct escape_case *c)
{
	struct tap_point pt = { .ok = false, .desc = (char *)c->in, .yaml = (char *)c->in };
	struct verdict v = { .doc = { .plan = 1, .npoints = 1, .points = &pt } };
	struct case_entry e = { .name = "e", .v = &v };
	struct case_suite s = { .name = "s", .entries = &e, .nentries = 1 };
	char *xml = write_xml(&s, 1), want[256];

	snprintf(want, sizeof(want), "name=\"%s\" time=", c->attr);
	expect_in(xml, want);
	snprintf(want, sizeof(want), "type=\"fail\">%s</failure>", c->text);
	expect_in(xml, want);
	free(xml);
}

static void test_escaping(void)
{
	for (size_t i = 0; i < sizeof(escape_cases) / sizeof(escape_cases[0]); i++)
		check_escape(&escape_cases[i]);
}

static void test_names_escaped(void)
{
	static const char tap[] = "TAP version 13\n1..1\nok 1 - x & y\n";
	char *xml = one_entry_xml("a<b", "c\"d", tap, 0.25);

	expect_in(xml, "<testsuite name=\"a&lt;b\" tests=\"1\"");
	expect_in(xml, "<testcase classname=\"a&lt;b.c&quot;d\" name=\"x &amp; y\""
		  " time=\"0.250\"/>");
	free(xml);
	/* an entry id already qualified by its suite is not prefixed twice */
	xml = one_entry_xml("a<b", "a<b.e", tap, 0.25);
	expect_in(xml, "<testcase classname=\"a&lt;b.e\" name=");
	free(xml);
}

static void test_empty(void)
{
	char *xml = write_xml(NULL, 0);

	CU_ASSERT_STRING_EQUAL(xml,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"nsprobe\" tests=\"0\" failures=\"0\" errors=\"0\""
		" skipped=\"0\" time=\"0.000\">\n"
		"</testsuites>\n");
	free(xml);
}

/* Two runs whose descriptions differ only by pids give the same names. */
static void test_stable_names(void)
{
	static const char *const taps[] = {
		"TAP version 13\n1..3\nok 1 - member 1 (outside pid 172)\n"
		"ok 2 - member 2 (outside pid 173)\nok 3 - member 1 (outside pid 174)\n",
		"TAP version 13\n1..3\nok 1 - member 1 (outside pid 53)\n"
		"ok 2 - member 2 (outside pid 54)\nok 3 - member 1 (outside pid 55)\n",
	};
	char *xml[2];

	for (size_t i = 0; i < 2; i++)
		xml[i] = one_entry_xml("pidns", "signals", taps[i], 0);
	CU_ASSERT_STRING_EQUAL(xml[0], xml[1]);
	expect_in(xml[0], "name=\"member 1 (outside pid N)\" time");
	expect_in(xml[0], "name=\"member 2 (outside pid N)\" time");
	expect_in(xml[0], "name=\"member 1 (outside pid N) (#2)\" time");
	free(xml[0]);
	free(xml[1]);
}

static const struct selftest_case cases[] = {
	{ "stable names", test_stable_names },
	{ "counts", test_counts },
	{ "synthetic message", test_synthetic_message },
	{ "escaping (table)", test_escaping },
	{ "names escaped", test_names_escaped },
	{ "empty", test_empty },
	{ NULL, NULL },
};

SELFTEST_SUITE(junit_suite, "junit", cases)
