// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the TAP parser (tapdoc.h).  Every input is copied into a
 * heap buffer of exactly its length, without a NUL after it, so a parser
 * that reads past `len` is caught by ASan/valgrind runs of these tests.
 */
#include <stdlib.h>
#include <string.h>

#include "tests/unit/selftest.h"
#include "tests/unit/tap_sample.h"
#include "runner/tapdoc.h"

/* Parse `len` bytes (strlen(text) when len is 0) from an exact-size copy. */
static void parse_n(const char *text, size_t len, struct tap_doc *doc)
{
	char *copy;

	len = len ? len : strlen(text);
	copy = malloc(len ? len : 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	memcpy(copy, text, len);
	CU_ASSERT_EQUAL_FATAL(tap_doc_parse(copy, len, doc), 0);
	free(copy);
}

static void parse(const char *text, struct tap_doc *doc)
{
	parse_n(text, 0, doc);
}

static bool has_error(const struct tap_doc *doc, const char *what)
{
	for (size_t i = 0; i < doc->nerrors; i++)
		if (strstr(doc->errors[i], what))
			return true;
	return false;
}

/* ---- whole documents, from a table -------------------------------------- */

/*
 * What a document parses into, as doc_cases spell it: the TAP version, the
 * plan ("no plan", "plan 1..N", "plan 1..N at the end"), how many points
 * and how many errors.
 */
static const char *doc_summary(const struct tap_doc *doc, char *buf, size_t len)
{
	char plan[32] = "no plan";

	if (doc->plan >= 0)
		snprintf(plan, sizeof(plan), "plan 1..%d", doc->plan);
	snprintf(buf, len, "TAP %d, %s%s, points %zu, errors %zu", doc->version, plan,
		 doc->plan_at_end ? " at the end" : "", doc->npoints, doc->nerrors);
	return buf;
}

/* A row: name, text and its length; the doc_summary; one of the errors. */
static const struct doc_case {
	const char *name;
	const char *text;
	size_t len;		/* 0: strlen(text) */
	const char *summary;
	const char *error;	/* in one of the errors (NULL: none wanted) */
} doc_cases[] = {
	{ "empty", "", 0,
	  "TAP 12, no plan, points 0, errors 0", NULL },
	{ "plan first", "TAP version 13\n1..2\nok 1 - a\nok 2 - b\n", 0,
	  "TAP 13, plan 1..2, points 2, errors 0", NULL },
	{ "plan last", "TAP version 13\nok 1 - a\nnot ok 2 - b\n1..2\n", 0,
	  "TAP 13, plan 1..2 at the end, points 2, errors 0", NULL },
	{ "version 14", "TAP version 14\n1..1\nok 1\n", 0,
	  "TAP 14, plan 1..1, points 1, errors 0", NULL },
	{ "no version is TAP 12", "1..1\nok 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 0", NULL },
	{ "comments pragmas blanks",
	  "TAP version 13\n# hello\npragma +strict\n\n   \n1..1\n  # indented comment\nok 1\n", 0,
	  "TAP 13, plan 1..1, points 1, errors 0", NULL },
	{ "CRLF line ends", "TAP version 13\r\n1..1\r\nok 1 - a\r\n", 0,
	  "TAP 13, plan 1..1, points 1, errors 0", NULL },
	{ "garbage line", "TAP version 13\n1..1\nSegmentation fault\nok 1\n", 0,
	  "TAP 13, plan 1..1, points 1, errors 1",
	  "line 3: not TAP: \"Segmentation fault\"" },
	{ "okay is not a test point", "1..1\nokay\nok 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: not TAP" },
	{ "ok glued to a number", "1..1\nok1\nok 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: not TAP" },
	{ "NUL byte", "1..1\nok 1 - a\0b\n", 16,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: NUL byte" },
	{ "invalid UTF-8", "1..1\nok 1 - \xc3\x28\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: invalid UTF-8" },
	{ "overlong UTF-8", "1..1\nok 1 - \xc0\xaf\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: invalid UTF-8" },
	{ "UTF-8 surrogate", "1..1\nok 1 - \xed\xa0\x80\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: invalid UTF-8" },
	{ "valid UTF-8", "1..1\nok 1 - h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 0", NULL },
	{ "out of order", "1..2\nok 2\nok 1\n", 0,
	  "TAP 12, plan 1..2, points 2, errors 2",
	  "line 2: test number 2 out of order (expected 1)" },
	{ "duplicate", "1..3\nok 1\nok 2\nok 2\n", 0,
	  "TAP 12, plan 1..3, points 3, errors 1",
	  "line 4: duplicate test number 2" },
	{ "number too large", "1..1\nok 99999999999999999999 - x\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: test number too large" },
	{ "second plan", "1..1\nok 1\n1..1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 3: second plan (the first is on line 1)" },
	{ "plan in the middle", "ok 1\n1..2\nok 2\n", 0,
	  "TAP 12, plan 1..2 at the end, points 2, errors 1",
	  "line 3: test point after the plan on line 2" },
	{ "malformed plan", "1..x\nok 1\n", 0,
	  "TAP 12, no plan, points 1, errors 1",
	  "line 1: malformed plan" },
	{ "plan with junk", "1..2 and more\nok 1\nok 2\n", 0,
	  "TAP 12, no plan, points 2, errors 1",
	  "line 1: malformed plan" },
	{ "plan not from 1", "2..3\nok 2\nok 3\n", 0,
	  "TAP 12, no plan, points 2, errors 3",
	  "line 1: plan does not start at 1" },
	{ "version not first", "1..1\nTAP version 13\nok 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: version line is not the first line" },
	{ "version unsupported", "TAP version 15\n1..1\nok 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 1: unsupported TAP version 15" },
	{ "version malformed", "TAP version thirteen\n1..1\nok 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 1: malformed version line" },
	{ "YAML not closed at the end", "1..1\nnot ok 1\n  ---\n  got: 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 4: YAML block from line 3 not closed at the end" },
	{ "YAML cut by a less indented line", "1..2\nnot ok 1\n  ---\n  got: 1\nok 2\n", 0,
	  "TAP 12, plan 1..2, points 2, errors 1",
	  "line 5: YAML block from line 3 not closed" },
	{ "YAML not after a test point", "1..1\n  ---\n  got: 1\n  ...\nok 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: YAML block not after a test point" },
	{ "second YAML block", "1..1\nnot ok 1\n  ---\n  a: 1\n  ...\n  ---\n  b: 2\n  ...\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 6: YAML block not after a test point" },
	{ "indented subtest line", "1..1\n    ok 1 - sub\nok 1\n", 0,
	  "TAP 12, plan 1..1, points 1, errors 1",
	  "line 2: indented line outside a YAML block" },
	{ "point after skip-all", "1..0 # SKIP x\nok 1\n", 0,
	  "TAP 12, plan 1..0, points 1, errors 1",
	  "line 2: test point after a skip-all plan" },
	{ "skip-all after points", "ok 1\n1..0 # SKIP x\n", 0,
	  "TAP 12, plan 1..0 at the end, points 1, errors 1",
	  "line 2: skip-all plan after 1 test points" },
	{ "cut mid-line", "TAP version 13\n1..2\nok 1 - a\nok 2 - hal", 0,
	  "TAP 13, plan 1..2, points 2, errors 1",
	  "line 4: no newline at the end" },
	{ "cut mid-YAML", "TAP version 13\n1..1\nnot ok 1 - a\n  ---\n  severity: bro", 0,
	  "TAP 13, plan 1..1, points 1, errors 2",
	  "line 5: YAML block from line 4 not closed at the end" },
	{ "bail out stops reading", "1..3\nok 1\nBail out! no cgroup\ngarbage\nok 2\n", 0,
	  "TAP 12, plan 1..3, points 1, errors 0", NULL },
};

static void check_doc_case(const struct doc_case *c)
{
	struct tap_doc doc;
	char got[128];

	parse_n(c->text, c->len, &doc);
	doc_summary(&doc, got, sizeof(got));
	CU_ASSERT_STRING_EQUAL(got, c->summary);
	if (c->error)
		CU_ASSERT_TRUE(has_error(&doc, c->error));
	if (strcmp(got, c->summary) != 0 || (c->error && !has_error(&doc, c->error))) {
		fprintf(stderr, "\ncase \"%s\": %s\n", c->name, got);
		for (size_t i = 0; i < doc.nerrors; i++)
			fprintf(stderr, "  %s\n", doc.errors[i]);
	}
	tap_doc_free(&doc);
}

static void test_doc_table(void)
{
	for (size_t i = 0; i < sizeof(doc_cases) / sizeof(doc_cases[0]); i++)
		check_doc_case(&doc_cases[i]);
}

/* ---- test points, from a table ------------------------------------------ */

static const struct point_case {
	const char *line;
	int number;
	bool ok;
	enum tap_directive directive;
	const char *desc, *reason;
} point_cases[] = {
	{ "ok 1 - foo", 1, true, TAPD_NONE, "foo", NULL },
	{ "not ok 1 - foo bar  ", 1, false, TAPD_NONE, "foo bar", NULL },
	{ "ok", 0, true, TAPD_NONE, "", NULL },
	{ "not ok", 0, false, TAPD_NONE, "", NULL },
	{ "ok without number", 0, true, TAPD_NONE, "without number", NULL },
	{ "ok 1 3 apples", 1, true, TAPD_NONE, "3 apples", NULL },
	{ "ok 1 -- dashes", 1, true, TAPD_NONE, "-- dashes", NULL },
	{ "ok 12abc", 0, true, TAPD_NONE, "12abc", NULL },
	{ "ok 1 - a \\# b \\\\ c \\d", 1, true, TAPD_NONE, "a # b \\ c \\d", NULL },
	{ "ok 1 - x # SKIP no veth", 1, true, TAPD_SKIP, "x", "no veth" },
	{ "ok 1 - x # skip", 1, true, TAPD_SKIP, "x", "" },
	{ "ok 1 - x #SkIp  why ", 1, true, TAPD_SKIP, "x", "why" },
	{ "ok 1 - x # Skipped: no root", 1, true, TAPD_SKIP, "x", "no root" },
	{ "ok 1 # SKIP only a reason", 1, true, TAPD_SKIP, "", "only a reason" },
	{ "not ok 1 - y # TODO later", 1, false, TAPD_TODO, "y", "later" },
	{ "not ok 1 - y # todo", 1, false, TAPD_TODO, "y", "" },
	{ "ok 1 - has # a comment", 1, true, TAPD_NONE, "has # a comment", NULL },
	{ "ok 1 - escaped \\# SKIP", 1, true, TAPD_NONE, "escaped # SKIP", NULL },
	{ "ok 1 - first # comment # SKIP x", 1, true, TAPD_NONE,
	  "first # comment # SKIP x", NULL },
	{ "ok 1 - r\xc3\xa9sum\xc3\xa9", 1, true, TAPD_NONE, "r\xc3\xa9sum\xc3\xa9", NULL },
	{ "ok 1 - bad \xff byte", 1, true, TAPD_NONE, "bad \xef\xbf\xbd byte", NULL },
};

static void check_point_case(const struct point_case *c)
{
	struct tap_doc doc;
	char text[256];
	const struct tap_point *p;

	snprintf(text, sizeof(text), "%s\n", c->line);
	parse(text, &doc);
	CU_ASSERT_EQUAL_FATAL(doc.npoints, 1);
	p = &doc.points[0];
	CU_ASSERT_EQUAL(p->number, c->number);
	CU_ASSERT_EQUAL(p->ok, c->ok);
	CU_ASSERT_EQUAL(p->directive, c->directive);
	CU_ASSERT_STRING_EQUAL(p->desc, c->desc);
	/* CUnit's asserts are blocks: braces keep if/else together */
	if (c->reason) {
		CU_ASSERT_STRING_EQUAL(p->reason ? p->reason : "(null)", c->reason);
	} else {
		CU_ASSERT_PTR_NULL(p->reason);
	}
	CU_ASSERT_PTR_NULL(p->yaml);
	if (strcmp(p->desc, c->desc) != 0)
		fprintf(stderr, "\nline \"%s\": desc \"%s\"\n", c->line, p->desc);
	tap_doc_free(&doc);
}

static void test_point_table(void)
{
	for (size_t i = 0; i < sizeof(point_cases) / sizeof(point_cases[0]); i++)
		check_point_case(&point_cases[i]);
}

/* ---- YAML, skip-all, bail out ------------------------------------------- */

/* Point p carries this YAML text, and its severity makes it broken or not. */
static void check_yaml(const struct tap_point *p, const char *yaml, bool broken)
{
	CU_ASSERT_STRING_EQUAL(p->yaml, yaml);
	CU_ASSERT_EQUAL(p->broken, broken);
}

static void test_yaml_block(void)
{
	struct tap_doc doc;

	parse("TAP version 13\n"
	      "not ok 1 - a\n"
	      "  ---\n"
	      "  severity: fail\n"
	      "  data:\n"
	      "    got: 1\n"
	      "\n"
	      "  ...\n"
	      "not ok 2 - b\n"
	      "# a comment between point and YAML is allowed (TAP 14)\n"
	      "  ---\n"
	      "  severity: \"broken\"\n"
	      "  ...\n"
	      "not ok 3 - c\n"
	      "    ---\n"
	      "    severity: broken\n"
	      "    ...\n"
	      "1..3\n", &doc);
	CU_ASSERT_EQUAL(doc.nerrors, 0);
	CU_ASSERT_EQUAL_FATAL(doc.npoints, 3);
	check_yaml(&doc.points[0], "severity: fail\ndata:\n  got: 1\n", false);
	check_yaml(&doc.points[1], "severity: \"broken\"", true);
	check_yaml(&doc.points[2], "severity: broken", true);
	tap_doc_free(&doc);
}

/* A block cut off still tells what it said, e.g. that the point is broken. */
static void test_yaml_unclosed_kept(void)
{
	struct tap_doc doc;

	parse("not ok 1 - a\n  ---\n  severity: broken\n  error: \"x\"\nok 2\n1..2\n", &doc);
	CU_ASSERT_EQUAL_FATAL(doc.npoints, 2);
	check_yaml(&doc.points[0], "severity: broken\nerror: \"x\"", true);
	CU_ASSERT_PTR_NULL(doc.points[1].yaml);
	CU_ASSERT_EQUAL(doc.nerrors, 1);
	tap_doc_free(&doc);
}

static void test_skip_all(void)
{
	static const struct { const char *line, *reason; } cases[] = {
		{ "1..0 # SKIP no user namespaces", "no user namespaces" },
		{ "1..0 # skip", "" },
		{ "1..0 # Skipped: no root", "no root" },
		{ "1..0 # WWW::Mechanize not installed", "WWW::Mechanize not installed" },
		{ "1..0", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tap_doc doc;
		char text[128];

		snprintf(text, sizeof(text), "TAP version 13\n%s\n", cases[i].line);
		parse(text, &doc);
		CU_ASSERT_EQUAL(doc.plan, 0);
		CU_ASSERT_EQUAL(doc.npoints, 0);
		CU_ASSERT_EQUAL(doc.nerrors, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(doc.skip_all);
		CU_ASSERT_STRING_EQUAL(doc.skip_all, cases[i].reason);
		tap_doc_free(&doc);
	}
}

static void test_bail_out(void)
{
	struct tap_doc doc;

	parse("TAP version 13\n1..4\nok 1\nbail out!   cannot mount tmpfs  \nok 2\n", &doc);
	CU_ASSERT_TRUE(doc.bailed);
	CU_ASSERT_STRING_EQUAL(doc.bail_reason, "cannot mount tmpfs");
	CU_ASSERT_EQUAL(doc.npoints, 1);
	CU_ASSERT_EQUAL(doc.nerrors, 0);
	tap_doc_free(&doc);
}

/* What lib/tap.c writes parses without a single error. */
static void test_tap_c_output(void)
{
	struct tap_doc doc;

	parse(tap_sample_outcomes, &doc);
	CU_ASSERT_EQUAL(doc.nerrors, 0);
	CU_ASSERT_EQUAL_FATAL(doc.npoints, 4);
	CU_ASSERT_EQUAL(doc.points[1].directive, TAPD_SKIP);
	CU_ASSERT_STRING_EQUAL(doc.points[2].desc, "third # 3");
	CU_ASSERT_FALSE(doc.points[2].broken);
	CU_ASSERT_TRUE(doc.points[3].broken);
	tap_doc_free(&doc);
}

/* ---- hostile input ------------------------------------------------------ */

/* Deterministic bytes of every value, NULs and newlines included. */
static void test_binary_garbage(void)
{
	enum { LEN = 64 * 1024 };
	char *junk = malloc(LEN);
	unsigned x = 12345;
	struct tap_doc doc;

	CU_ASSERT_PTR_NOT_NULL_FATAL(junk);
	for (size_t i = 0; i < LEN; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	parse_n(junk, LEN, &doc);
	/* the list is capped: 50 errors, then one line that counts the rest */
	CU_ASSERT_EQUAL(doc.nerrors, 51);
	CU_ASSERT_PTR_NOT_NULL(strstr(doc.errors[doc.nerrors - 1], "more errors"));
	for (size_t i = 0; i < doc.nerrors; i++)
		CU_ASSERT_EQUAL(strncmp(doc.errors[i], "line ", 5), 0);
	tap_doc_free(&doc);
	free(junk);
}

/* Every prefix of a document parses: a probe can be cut off anywhere. */
static void test_every_prefix(void)
{
	static const char text[] =
		"TAP version 13\n1..3\nok 1 - a # SKIP b\nnot ok 2 - c\n"
		"  ---\n  severity: broken\n  error: \"\\x01\"\n  ...\n"
		"# note\nBail out! stop\n";

	for (size_t len = 1; len < sizeof(text); len++) {
		struct tap_doc doc;

		parse_n(text, len, &doc);
		CU_ASSERT_TRUE(doc.npoints <= 2);
		tap_doc_free(&doc);
	}
}

static void test_free_twice(void)
{
	struct tap_doc doc;

	parse("1..1\nok 1\n", &doc);
	tap_doc_free(&doc);
	tap_doc_free(&doc);
	CU_ASSERT_EQUAL(doc.npoints, 0);
	CU_ASSERT_EQUAL(doc.plan, -1);
}

/* Comments go with the point that follows them; none after the last. */
static void test_diagnostics_attach(void)
{
	struct tap_doc doc;

	parse("TAP version 13\n# one\n  #   two  \nok 1 - a\nok 2 - b\n# tail\n1..2\n", &doc);
	CU_ASSERT_EQUAL_FATAL(doc.npoints, 2);
	CU_ASSERT_STRING_EQUAL(doc.points[0].diag, "one\ntwo");
	CU_ASSERT_PTR_NULL(doc.points[1].diag);
	CU_ASSERT_EQUAL(doc.nerrors, 0);
	tap_doc_free(&doc);
}

static const struct selftest_case cases[] = {
	{ "diagnostics attach to the next point", test_diagnostics_attach },
	{ "documents (table)", test_doc_table },
	{ "test points (table)", test_point_table },
	{ "YAML blocks", test_yaml_block },
	{ "unclosed YAML is kept", test_yaml_unclosed_kept },
	{ "skip all", test_skip_all },
	{ "bail out", test_bail_out },
	{ "output of tap.c", test_tap_c_output },
	{ "binary garbage", test_binary_garbage },
	{ "every prefix", test_every_prefix },
	{ "free twice", test_free_twice },
	{ NULL, NULL },
};

SELFTEST_SUITE(tapdoc_suite, "tapdoc", cases)
