// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the verdict (verdict.h): every way a probe run can go
 * wrong becomes exactly the synthetic point it should, the counts follow
 * the rules of verdict.h, and the rendered subtest is byte-exact.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tests/unit/selftest.h"
#include "runner/verdict.h"

#define PASS2 "TAP version 13\n1..2\nok 1 - a\nok 2 - b\n"
#define FAIL1 "TAP version 13\n1..2\nok 1 - a\nnot ok 2 - b\n  ---\n  severity: fail\n  ...\n"
#define BROKEN1 "TAP version 13\n1..2\nok 1 - a\nnot ok 2 - b\n  ---\n  severity: broken\n  ...\n"
#define SKIPALL "TAP version 13\n1..0 # SKIP no userns\n"
#define ALLSKIP "TAP version 13\n1..2\nok 1 - a # SKIP no veth\nok 2 - b # SKIP no veth\n"
#define MIXSKIP "TAP version 13\n1..2\nok 1 - a # SKIP no veth\nok 2 - b # SKIP no root\n"
#define TODO1 "TAP version 13\n1..2\nok 1 - a\nnot ok 2 - b # TODO later\n"
#define NOPLAN "TAP version 13\nok 1 - a\n"
#define SHORT "TAP version 13\n1..3\nok 1 - a\n"
#define BAIL "TAP version 13\n1..3\nok 1 - a\nBail out! no cgroup\n"
#define BAILFAIL "TAP version 13\n1..3\nnot ok 1 - a\n  ---\n  severity: fail\n  ...\nBail out! no cgroup\n"
#define GARBAGE "TAP version 13\n1..1\nok 1 - a\nSegmentation fault\n"

static const struct verdict_case {
	const char *name, *tap;
	int exit_code, sig;	/* sig != 0: killed by it */
	bool core, timed_out, interrupted;
	int exec_errno;
	unsigned passed, failed, broken, skipped, synthetic;
	const char *last_desc;	/* of the last synthetic point */
	const char *error;	/* in its YAML */
	const char *directive;
} verdict_cases[] = {
	{ "pass", PASS2, 0, 0, false, false, false, 0, 2, 0, 0, 0, 0, NULL, NULL, NULL },
	{ "fail", FAIL1, 1, 0, false, false, false, 0, 1, 1, 0, 0, 0, NULL, NULL, NULL },
	{ "broken point", BROKEN1, 2, 0, false, false, false, 0, 1, 0, 1, 0, 0,
	  NULL, NULL, NULL },
	{ "bail out with a failure", BAILFAIL, 3, 0, false, false, false, 0, 0, 1, 1, 0, 1,
	  "probe does not bail out", "the probe bailed out: no cgroup", NULL },
	{ "exec failure", "", 0, 0, false, false, false, ENOENT, 0, 0, 1, 0, 1,
	  "probe starts", "exec failed: No such file or directory (ENOENT)", NULL },
	{ "timeout", SHORT, 0, SIGKILL, false, true, false, 0, 1, 0, 1, 0, 1,
	  "probe finishes within its time limit",
	  "no result within the time limit: killed after 10 s", "TIMEOUT after 10 s" },
	{ "killed by a signal", SHORT, 0, SIGSEGV, false, false, false, 0, 1, 0, 1, 0, 1,
	  "probe is not killed by a signal", "killed by signal 11 (SIGSEGV)\"", NULL },
	{ "killed with a core", PASS2, 0, SIGABRT, true, false, false, 0, 2, 0, 1, 0, 1,
	  "probe is not killed by a signal", "killed by signal 6 (SIGABRT), core dumped",
	  NULL },
	{ "interrupted", SHORT, 0, SIGTERM, false, false, true, 0, 1, 0, 1, 0, 1,
	  "probe run is not interrupted", "the run was interrupted after 1.5 s", NULL },
	{ "non-zero exit, nothing failed", PASS2, 1, 0, false, false, false, 0, 2, 0, 1, 0, 1,
	  "probe exit status agrees with its TAP",
	  "exit status 1 (fail) but the TAP output says 0 (pass)", NULL },
	{ "zero exit, a point failed", FAIL1, 0, 0, false, false, false, 0, 1, 1, 1, 0, 1,
	  "probe exit status agrees with its TAP",
	  "exit status 0 (pass) but the TAP output says 1 (fail)", NULL },
	{ "exit 1 but the point is broken", BROKEN1, 1, 0, false, false, false, 0, 1, 0, 2, 0, 1,
	  "probe exit status agrees with its TAP",
	  "exit status 1 (fail) but the TAP output says 2 (broken)", NULL },
	{ "exit 4 with a skip-all", SKIPALL, 4, 0, false, false, false, 0, 0, 0, 0, 1, 0,
	  NULL, NULL, "SKIP no userns" },
	{ "exit 0 with a skip-all", SKIPALL, 0, 0, false, false, false, 0, 0, 0, 0, 1, 0,
	  NULL, NULL, "SKIP no userns" },
	{ "exit 4 while points passed", PASS2, 4, 0, false, false, false, 0, 2, 0, 1, 0, 1,
	  "probe exit status agrees with its TAP",
	  "exit status 4 (all skipped) but the TAP output says 0 (pass)", NULL },
	{ "every point skipped", ALLSKIP, 4, 0, false, false, false, 0, 0, 0, 0, 2, 0,
	  NULL, NULL, "SKIP no veth" },
	{ "every point skipped, reasons differ", MIXSKIP, 4, 0, false, false, false, 0,
	  0, 0, 0, 2, 0, NULL, NULL, "SKIP all 2 checks skipped" },
	{ "exit 127", PASS2, 127, 0, false, false, false, 0, 2, 0, 1, 0, 1,
	  "probe exit status agrees with its TAP",
	  "exit status 127 (not a probe exit status)", NULL },
	{ "missing plan", NOPLAN, 0, 0, false, false, false, 0, 1, 0, 1, 0, 1,
	  "probe prints a plan", "no plan line (1..N): the output ends after 1 test points",
	  NULL },
	{ "plan count mismatch", SHORT, 0, 0, false, false, false, 0, 1, 0, 1, 0, 1,
	  "probe runs as many test points as planned", "planned 3 test points, ran 1", NULL },
	{ "bail out", BAIL, 2, 0, false, false, false, 0, 1, 0, 1, 0, 1,
	  "probe does not bail out", "the probe bailed out: no cgroup", NULL },
	{ "TAP errors", GARBAGE, 0, 0, false, false, false, 0, 1, 0, 1, 0, 1,
	  "probe output is valid TAP",
	  "the output is not valid TAP:\\nline 4: not TAP: \\\"Segmentation fault\\\"", NULL },
	{ "TAP errors and a signal", GARBAGE, 0, SIGSEGV, false, false, false, 0, 1, 0, 2, 0, 2,
	  "probe is not killed by a signal", "(SIGSEGV)", NULL },
	{ "TODO counts as skipped", TODO1, 0, 0, false, false, false, 0, 1, 0, 0, 1, 0,
	  NULL, NULL, NULL },
	{ "empty output", "", 0, 0, false, false, false, 0, 0, 0, 1, 0, 1,
	  "probe prints a plan", "no plan line", NULL },
};

static struct run_outcome outcome_of(const struct verdict_case *c)
{
	struct run_outcome o = {
		.exec_errno = c->exec_errno,
		.timed_out = c->timed_out,
		.timeout_s = 10,
		.interrupted = c->interrupted,
		.seconds = 1.5,
	};

	o.wait_status = c->sig ? W_EXITCODE(0, c->sig) | (c->core ? WCOREFLAG : 0)
			       : W_EXITCODE(c->exit_code, 0);
	return o;
}

static void judge_copy(const char *tap, const struct run_outcome *o, struct verdict *v)
{
	size_t len = strlen(tap);
	char *copy = malloc(len ? len : 1);	/* no NUL after the TAP */

	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	memcpy(copy, tap, len);
	CU_ASSERT_EQUAL_FATAL(verdict_judge(copy, len, o, v), 0);
	free(copy);
}

static void check_counts(const struct verdict *v)
{
	unsigned total = v->passed + v->failed + v->broken + v->skipped;

	CU_ASSERT_EQUAL(total, v->doc.npoints + (v->doc.skip_all != NULL));
	CU_ASSERT_EQUAL(v->ok, v->failed == 0 && v->broken == 0);
}

static void check_synthetic(const struct verdict_case *c, const struct verdict *v)
{
	const struct tap_point *p = &v->doc.points[v->doc.npoints - 1];

	CU_ASSERT_FALSE(p->ok);
	CU_ASSERT_TRUE(p->broken);
	CU_ASSERT_EQUAL(p->number, 0);
	CU_ASSERT_STRING_EQUAL(p->desc, c->last_desc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p->yaml);
	CU_ASSERT_EQUAL(strncmp(p->yaml, "severity: broken\nerror: \"", 25), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(p->yaml, c->error));
	if (!strstr(p->yaml, c->error))
		fprintf(stderr, "\ncase \"%s\": yaml %s\n", c->name, p->yaml);
}

static void check_verdict_case(const struct verdict_case *c)
{
	struct run_outcome o = outcome_of(c);
	struct tap_doc probe;
	struct verdict v;

	judge_copy(c->tap, &o, &v);
	CU_ASSERT_EQUAL_FATAL(tap_doc_parse(c->tap, strlen(c->tap), &probe), 0);
	CU_ASSERT_EQUAL(v.doc.npoints, probe.npoints + c->synthetic);
	CU_ASSERT_EQUAL(v.passed, c->passed);
	CU_ASSERT_EQUAL(v.failed, c->failed);
	CU_ASSERT_EQUAL(v.broken, c->broken);
	CU_ASSERT_EQUAL(v.skipped, c->skipped);
	check_counts(&v);
	if (c->synthetic && v.doc.npoints)
		check_synthetic(c, &v);
	/* CUnit's asserts are blocks: braces keep if/else together */
	if (c->directive) {
		CU_ASSERT_STRING_EQUAL(v.directive ? v.directive : "(null)", c->directive);
	} else {
		CU_ASSERT_PTR_NULL(v.directive);
	}
	if (v.doc.npoints != probe.npoints + c->synthetic || v.broken != c->broken)
		fprintf(stderr, "\ncase \"%s\": %zu points, %u broken\n", c->name,
			v.doc.npoints, v.broken);
	tap_doc_free(&probe);
	verdict_free(&v);
}

static void test_verdict_table(void)
{
	for (size_t i = 0; i < sizeof(verdict_cases) / sizeof(verdict_cases[0]); i++)
		check_verdict_case(&verdict_cases[i]);
}

/* ---- rendering ---------------------------------------------------------- */

/* Render into a string the caller frees. */
static char *render(int number, const char *name, const struct verdict *v,
		    const struct run_outcome *o, int version)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	verdict_render(m, number, name, v, o, version);
	CU_ASSERT_EQUAL(fclose(m), 0);
	return text;
}

static void check_render(const char *tap, int exit_code, const char *err,
			 const char *name, int version, const char *want)
{
	struct run_outcome o = { .wait_status = W_EXITCODE(exit_code, 0),
				 .stderr_text = err };
	struct verdict v;
	char *got;

	judge_copy(tap, &o, &v);
	got = render(3, name, &v, &o, version);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n--- want\n%s--- got\n%s---\n", want, got);
	free(got);
	verdict_free(&v);
}

/* FAIL1's points and stderr as subtest lines: TAP 13 puts the plan after
 * them, TAP 14 before */
#define FAIL1_SUBTEST_BODY			\
	"    ok 1 - a\n"			\
	"    not ok 2 - b\n"			\
	"      ---\n"				\
	"      severity: fail\n"		\
	"      ...\n"				\
	"    # stderr: oops\n"

static void test_render_13(void)
{
	check_render(FAIL1, 1, "oops\n", "uts.hostname", 13,
		"# Subtest: uts.hostname\n"
		FAIL1_SUBTEST_BODY
		"    1..2\n"
		"not ok 3 - uts.hostname\n");
}

static void test_render_14(void)
{
	check_render(FAIL1, 1, "oops\n", "uts.hostname", 14,
		"# Subtest: uts.hostname\n"
		"    1..2\n"
		FAIL1_SUBTEST_BODY
		"not ok 3 - uts.hostname\n");
}

/* Stderr only matters when something went wrong. */
static void test_render_pass_hides_stderr(void)
{
	check_render(PASS2, 0, "noise\n", "pid.init", 13,
		"# Subtest: pid.init\n"
		"    ok 1 - a\n"
		"    ok 2 - b\n"
		"    1..2\n"
		"ok 3 - pid.init\n");
}

static void test_render_skip_all(void)
{
	static const char want[] =
		"# Subtest: userns\n"
		"    1..0 # SKIP no userns\n"
		"ok 3 - userns # SKIP no userns\n";

	check_render(SKIPALL, 4, NULL, "userns", 13, want);
	check_render(SKIPALL, 4, NULL, "userns", 14, want);
}

/* The probe's own numbers do not matter: the subtest is numbered 1..M. */
static void test_render_renumbers(void)
{
	check_render("TAP version 13\nok 5 - x\nok 5 - y\n1..2\n", 0, NULL, "n", 14,
		"# Subtest: n\n"
		"    1..3\n"
		"    ok 1 - x\n"
		"    ok 2 - y\n"
		"    not ok 3 - probe output is valid TAP\n"
		"      ---\n"
		"      severity: broken\n"
		"      error: \"the output is not valid TAP:\\nline 2: test number 5 out of order"
		" (expected 1)\\nline 3: test number 5 out of order (expected 2)\"\n"
		"      ...\n"
		"not ok 3 - n\n");
}

static void test_render_timeout(void)
{
	struct run_outcome o = { .wait_status = W_EXITCODE(0, SIGKILL), .timed_out = true,
				 .timeout_s = 2.5 };
	struct verdict v;
	char *got;

	judge_copy(SHORT, &o, &v);
	got = render(7, "slow", &v, &o, 13);
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "\nnot ok 7 - slow # TIMEOUT after 2.5 s\n"));
	free(got);
	verdict_free(&v);
}

/* A hand-made verdict, to reach what the parser never produces. */
static void render_points(struct tap_point *pts, size_t n, const char *name,
			  const char *stderr_text, const char *want)
{
	struct verdict v = { .doc = { .version = 13, .plan = (int)n, .npoints = n,
				      .points = pts } };
	struct run_outcome o = { .stderr_text = stderr_text };
	char *got;

	v.ok = true;
	for (size_t i = 0; i < n; i++)
		if (!pts[i].ok && pts[i].directive == TAPD_NONE)
			v.ok = false;
	got = render(1, name, &v, &o, 14);
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\n--- want\n%s--- got\n%s---\n", want, got);
	free(got);
}

static void test_render_escaping(void)
{
	struct tap_point pts[] = {
		{ .ok = true, .desc = "hash # and back\\slash" },
		{ .ok = true, .desc = "opens a brace {  " },
		{ .ok = true, .desc = "tab\there\rcr \xff bad" },
		{ .ok = true, .desc = "", .directive = TAPD_SKIP, .reason = "r#1 {" },
		{ .ok = false, .desc = "9 lives", .directive = TAPD_TODO, .reason = "" },
		/* U+2028 and U+2029 end a line for tap-parser's regexes */
		{ .ok = true, .desc = "ls\xe2\x80\xa8ps\xe2\x80\xa9" "end" },
	};

	render_points(pts, 6, "we#ird\nname {", NULL,
		"# Subtest: we#ird name {\n"
		"    1..6\n"
		"    ok 1 - hash \\# and back\\\\slash\n"
		"    ok 2 - opens a brace\n"
		"    ok 3 - tab here cr \xef\xbf\xbd bad\n"
		"    ok 4 # SKIP r\\#1\n"
		"    not ok 5 - 9 lives # TODO\n"
		"    ok 6 - ls ps end\n"
		"ok 1 - we\\#ird name\n");
}

/* Probe YAML is re-emitted in the subset both consumers read. */
static const struct yaml_case {
	const char *body, *want;
} yaml_cases[] = {
	{ "severity: fail\nexpected: \"1\"\ngot: \"a\\tb\\x01\"",
	  "severity: fail\nexpected: \"1\"\ngot: \"a\\tb\\x01\"\n" },
	{ "got: it's: odd # really", "got: \"it's: odd # really\"\n" },
	{ "got: 'single'", "got: \"'single'\"\n" },
	{ "got: \"bad \\q escape\"", "got: \"\\\"bad \\\\q escape\\\"\"\n" },
	{ "got: \"unterminated", "got: \"\\\"unterminated\"\n" },
	{ "key:\n\nother:   spaced  ", "key: \"\"\nother: spaced\n" },
	{ "data:\n  x: 1", "raw_yaml: \"data:\\n  x: 1\"\n" },
	{ "a: 1\na: 2", "raw_yaml: \"a: 1\\na: 2\"\n" },
	{ "- item", "raw_yaml: \"- item\"\n" },
	{ "lit: |\n  one\n\n  two", "raw_yaml: \"lit: |\\n  one\\n\\n  two\"\n" },
	{ "got: a\xe2\x80\xa8" "b", "got: \"a\\u2028b\"\n" },
	{ "got: \"a\xe2\x80\xa9" "b\"", "got: \"\\\"a\\u2029b\\\"\"\n" },
	{ "got: \"caf\xc3\xa9\"", "got: \"caf\xc3\xa9\"\n" },
	{ "", NULL },
	{ "\n  \n", NULL },
};

static void test_render_yaml(void)
{
	for (size_t i = 0; i < sizeof(yaml_cases) / sizeof(yaml_cases[0]); i++) {
		struct tap_point pt = { .ok = false, .desc = "d",
					.yaml = (char *)yaml_cases[i].body };
		char want[512];
		size_t n = 0;

		n += snprintf(want + n, sizeof(want) - n, "# Subtest: y\n    1..1\n"
			      "    not ok 1 - d\n");
		if (yaml_cases[i].want) {
			n += snprintf(want + n, sizeof(want) - n, "      ---\n");
			for (const char *l = yaml_cases[i].want; *l; l += strcspn(l, "\n") + 1)
				n += snprintf(want + n, sizeof(want) - n, "      %.*s\n",
					      (int)strcspn(l, "\n"), l);
			n += snprintf(want + n, sizeof(want) - n, "      ...\n");
		}
		snprintf(want + n, sizeof(want) - n, "not ok 1 - y\n");
		render_points(&pt, 1, "y", NULL, want);
	}
}

/* Only the last 100 lines of stderr, and a note of how many were left out. */
static void test_render_stderr_cap(void)
{
	struct tap_point pt = { .ok = false, .desc = "d" };
	char *err = malloc(150 * 8 + 1), *want = malloc(150 * 24 + 256);
	size_t n = 0, w;

	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	for (int i = 0; i < 150; i++)
		n += sprintf(err + n, "e%03d\x1b\n", i);
	w = sprintf(want, "# Subtest: s\n    1..1\n    not ok 1 - d\n"
		    "    # stderr: (50 earlier lines not shown)\n");
	for (int i = 50; i < 150; i++)
		w += sprintf(want + w, "    # stderr: e%03d \n", i);
	sprintf(want + w, "not ok 1 - s\n");
	render_points(&pt, 1, "s", err, want);
	free(err);
	free(want);
}

static void test_free_twice(void)
{
	struct run_outcome o = { .wait_status = W_EXITCODE(0, 0) };
	struct verdict v;

	judge_copy(PASS2, &o, &v);
	verdict_free(&v);
	verdict_free(&v);
	CU_ASSERT_EQUAL(v.doc.npoints, 0);
	CU_ASSERT_PTR_NULL(v.directive);
}

static const struct selftest_case cases[] = {
	{ "outcomes (table)", test_verdict_table },
	{ "render TAP 13", test_render_13 },
	{ "render TAP 14", test_render_14 },
	{ "render pass hides stderr", test_render_pass_hides_stderr },
	{ "render skip all", test_render_skip_all },
	{ "render renumbers", test_render_renumbers },
	{ "render timeout", test_render_timeout },
	{ "render escaping", test_render_escaping },
	{ "render YAML (table)", test_render_yaml },
	{ "render stderr cap", test_render_stderr_cap },
	{ "free twice", test_free_twice },
	{ NULL, NULL },
};

SELFTEST_SUITE(verdict_suite, "verdict", cases)
