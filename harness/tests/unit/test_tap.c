// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the TAP writer (tap.h): every byte it writes is checked,
 * because the runner and prove(1) parse it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/selftest.h"
#include "tests/unit/tap_sample.h"
#include "lib/tap.h"

/* A TAP stream into memory. */
struct memout {
	FILE *f;
	char *buf;
	size_t len;
};

static void mem_open(struct memout *m, struct tap *t)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m->f);
	tap_init(t, m->f);
}

/* What was written so far (the writer flushes, we flush again anyway). */
static const char *mem_text(struct memout *m)
{
	fflush(m->f);
	return m->buf ? m->buf : "";
}

static void mem_close(struct memout *m)
{
	fclose(m->f);
	free(m->buf);
}

static void test_header(void)
{
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	CU_ASSERT_STRING_EQUAL(mem_text(&m), "TAP version 13\n");
	CU_ASSERT_EQUAL(t.last, 0);
	CU_ASSERT_EQUAL(t.planned, -1);
	CU_ASSERT_FALSE(t.done);
	mem_close(&m);
}

const char tap_sample_outcomes[] =
	"TAP version 13\n"
	"1..4\n"
	"ok 1 - first\n"
	"ok 2 - second # SKIP no veth\n"
	"not ok 3 - third \\# 3\n"
	"  ---\n"
	"  severity: fail\n"
	"  expected: \"1\"\n"
	"  got: \"2\"\n"
	"  ...\n"
	"not ok 4 - fourth\n"
	"  ---\n"
	"  severity: broken\n"
	"  errno: \"EACCES (Permission denied)\"\n"
	"  error: \"open /x\"\n"
	"  ...\n";

/* Plan up front, the four outcomes, and no second plan at the end. */
static void test_outcomes(void)
{
	struct nsp_err err = { EACCES, "open /x" };
	struct tap_yaml y = { .expected = "1", .got = "2" };
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	tap_plan(&t, 4);
	tap_pass(&t, "first");
	tap_skip(&t, "no veth", "second");
	tap_result(&t, TAP_FAIL, &y, "third # %d", 3);
	tap_broken(&t, &err, "fourth");
	CU_ASSERT_EQUAL(tap_done(&t), TAP_EXIT_FAIL | TAP_EXIT_BROKEN);
	CU_ASSERT_STRING_EQUAL(mem_text(&m), tap_sample_outcomes);
	CU_ASSERT_EQUAL(t.counts[TAP_PASS], 1);
	CU_ASSERT_EQUAL(t.counts[TAP_SKIP], 1);
	CU_ASSERT_EQUAL(t.counts[TAP_FAIL], 1);
	CU_ASSERT_EQUAL(t.counts[TAP_BROKEN], 1);
	mem_close(&m);
}

/* A fail with no YAML details, a broken with no error: still a block. */
static void test_bare_yaml(void)
{
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	tap_result(&t, TAP_FAIL, NULL, "f");
	tap_broken(&t, NULL, "b");
	tap_result(&t, TAP_SKIP, NULL, "s");
	CU_ASSERT_STRING_EQUAL(mem_text(&m),
		"TAP version 13\n"
		"not ok 1 - f\n  ---\n  severity: fail\n  ...\n"
		"not ok 2 - b\n  ---\n  severity: broken\n  ...\n"
		"ok 3 - s # SKIP no reason given\n");
	mem_close(&m);
}

/* '#' would start a directive and '\' escapes it; a newline ends the line. */
static void test_line_escaping(void)
{
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	tap_pass(&t, "a # b\nc\r%s", "d\\e");
	tap_pass(&t, "ends in backslash\\");
	tap_skip(&t, "needs #2\nreally", "x#");
	tap_diag(&t, "note # 1\nmore");
	CU_ASSERT_STRING_EQUAL(mem_text(&m),
		"TAP version 13\n"
		"ok 1 - a \\# b c d\\\\e\n"
		"ok 2 - ends in backslash\\\\\n"
		"ok 3 - x\\# # SKIP needs \\#2 really\n"
		"# note \\# 1 more\n");
	mem_close(&m);
}

/* YAML double-quoted scalars: quotes, backslashes and control bytes. */
static void test_yaml_quoting(void)
{
	struct tap_yaml y = {
		.expected = "say \"hi\"",
		.got = "back\\slash\nnew\ttab\001\033\177 caf\303\251",
		.errnum = ENOENT,
		.error = "",
	};
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	tap_result(&t, TAP_FAIL, &y, "q");
	CU_ASSERT_STRING_EQUAL(mem_text(&m),
		"TAP version 13\n"
		"not ok 1 - q\n"
		"  ---\n"
		"  severity: fail\n"
		"  expected: \"say \\\"hi\\\"\"\n"
		"  got: \"back\\\\slash\\nnew\\ttab\\x01\\x1b\\x7f caf\303\251\"\n"
		"  errno: \"ENOENT (No such file or directory)\"\n"
		"  error: \"\"\n"
		"  ...\n");
	mem_close(&m);
}

/* The tap_expect* family: result, and what their YAML says. */
static void test_expect_helpers(void)
{
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	CU_ASSERT_TRUE(tap_expect_errno(&t, EINVAL, -1, EINVAL, "e1"));
	CU_ASSERT_FALSE(tap_expect_errno(&t, EACCES, -1, EPERM, "e2"));
	CU_ASSERT_FALSE(tap_expect_errno(&t, EACCES, 0, 0, "e3"));
	CU_ASSERT_FALSE(tap_expect_ok(&t, -1, ENOENT, "o1"));
	CU_ASSERT_TRUE(tap_expect_long(&t, 5, 5, "l1"));
	CU_ASSERT_FALSE(tap_expect_long(&t, 5, -6, "l2"));
	CU_ASSERT_FALSE(tap_expect_str(&t, "a", NULL, "s1"));
	CU_ASSERT_FALSE(tap_expect_strne(&t, "x", "x", "n1"));
	CU_ASSERT_TRUE(tap_expect(&t, true, "a", "a", "x1"));
	CU_ASSERT_STRING_EQUAL(mem_text(&m),
		"TAP version 13\n"
		"ok 1 - e1\n"
		"not ok 2 - e2\n  ---\n  severity: fail\n"
		"  expected: \"-1 with errno EACCES\"\n"
		"  got: \"-1 with errno EPERM\"\n"
		"  errno: \"EPERM (Operation not permitted)\"\n  ...\n"
		"not ok 3 - e3\n  ---\n  severity: fail\n"
		"  expected: \"-1 with errno EACCES\"\n"
		"  got: \"0 (success)\"\n  ...\n"
		"not ok 4 - o1\n  ---\n  severity: fail\n"
		"  expected: \"success\"\n  got: \"-1\"\n"
		"  errno: \"ENOENT (No such file or directory)\"\n  ...\n"
		"ok 5 - l1\n"
		"not ok 6 - l2\n  ---\n  severity: fail\n"
		"  expected: \"5\"\n  got: \"-6\"\n  ...\n"
		"not ok 7 - s1\n  ---\n  severity: fail\n"
		"  expected: \"a\"\n  got: \"(none)\"\n  ...\n"
		"not ok 8 - n1\n  ---\n  severity: fail\n"
		"  expected: \"anything but \\\"x\\\"\"\n  got: \"x\"\n  ...\n"
		"ok 9 - x1\n");
	mem_close(&m);
}

static void test_skip_all(void)
{
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	CU_ASSERT_EQUAL(tap_skip_all(&t, "no cgroup #%d", 2), TAP_EXIT_SKIP);
	CU_ASSERT_EQUAL(tap_done(&t), TAP_EXIT_SKIP);
	CU_ASSERT_STRING_EQUAL(mem_text(&m),
		"TAP version 13\n"
		"1..0 # SKIP no cgroup \\#2\n");
	mem_close(&m);
}

/* After "Bail out!" nothing more is written, not even the trailing plan. */
static void test_bail(void)
{
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	tap_pass(&t, "a");
	CU_ASSERT_EQUAL(tap_bail(&t, "setup # broke\n"), TAP_EXIT_BROKEN);
	CU_ASSERT_TRUE(t.bailed);
	CU_ASSERT_EQUAL(tap_done(&t), TAP_EXIT_BROKEN);
	CU_ASSERT_STRING_EQUAL(mem_text(&m),
		"TAP version 13\n"
		"ok 1 - a\n"
		"Bail out! setup \\# broke \n");
	mem_close(&m);

	/* a kernel failure before the bail-out is not forgotten */
	mem_open(&m, &t);
	tap_result(&t, TAP_FAIL, NULL, "f");
	CU_ASSERT_EQUAL(tap_bail(&t, "x"), TAP_EXIT_BROKEN | TAP_EXIT_FAIL);
	CU_ASSERT_EQUAL(tap_done(&t), TAP_EXIT_BROKEN | TAP_EXIT_FAIL);
	mem_close(&m);
}

/* No plan given: tap_done writes "1..N" once, after the points. */
static void test_trailing_plan(void)
{
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	tap_pass(&t, "a");
	tap_skip(&t, "r", "b");
	CU_ASSERT_EQUAL(tap_done(&t), TAP_EXIT_PASS);
	CU_ASSERT_EQUAL(tap_done(&t), TAP_EXIT_PASS);
	CU_ASSERT_STRING_EQUAL(mem_text(&m),
		"TAP version 13\n"
		"ok 1 - a\n"
		"ok 2 - b # SKIP r\n"
		"1..2\n");
	mem_close(&m);
}

static const struct {
	const char *name;
	enum tap_outcome o[3];
	int n;
	int code;
} exit_cases[] = {
	{ "pass", { TAP_PASS }, 1, TAP_EXIT_PASS },
	{ "pass+skip", { TAP_PASS, TAP_SKIP }, 2, TAP_EXIT_PASS },
	{ "fail", { TAP_PASS, TAP_FAIL }, 2, TAP_EXIT_FAIL },
	{ "broken", { TAP_BROKEN, TAP_PASS }, 2, TAP_EXIT_BROKEN },
	{ "both", { TAP_FAIL, TAP_BROKEN, TAP_PASS }, 3, 3 },
	{ "all skipped", { TAP_SKIP, TAP_SKIP }, 2, TAP_EXIT_SKIP },
	{ "skip+fail", { TAP_SKIP, TAP_FAIL }, 2, TAP_EXIT_FAIL },
};

static void test_exit_codes(void)
{
	struct memout m;
	struct tap t;

	for (size_t i = 0; i < sizeof(exit_cases) / sizeof(exit_cases[0]); i++) {
		mem_open(&m, &t);
		for (int j = 0; j < exit_cases[i].n; j++)
			tap_result(&t, exit_cases[i].o[j], NULL, "%s", exit_cases[i].name);
		CU_ASSERT_EQUAL(tap_exit_code(&t), exit_cases[i].code);
		CU_ASSERT_EQUAL(tap_done(&t), exit_cases[i].code);
		mem_close(&m);
	}
}

/* tap_bail_err keeps the error chain and its errno in the line. */
static void test_bail_err(void)
{
	struct nsp_err e = { 0 };
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	nsp_err_set(&e, ENOENT, "open /x");
	nsp_err_wrap(&e, "outside");
	CU_ASSERT_EQUAL(tap_bail_err(&t, &e, "setup of %s", "p"), TAP_EXIT_BROKEN);
	CU_ASSERT_STRING_EQUAL(mem_text(&m), "TAP version 13\n"
			       "Bail out! setup of p: outside: open /x: No such file or directory\n");
	mem_close(&m);
}

/* A guard that has an alibi after `armed` more asks. */
struct fake_guard {
	struct tap_guard g;
	int asked;
	bool alibi;
};

static bool fake_explain(struct tap_guard *tg, char *buf, size_t len)
{
	struct fake_guard *f = (struct fake_guard *)tg;

	f->asked++;
	if (f->alibi)
		snprintf(buf, len, "global OOM");
	return f->alibi;
}

/*
 * A guard is asked before a fail only: with an alibi the fail is written
 * broken with the reason and its expected/got; passes, skips and our own
 * broken points are never asked; without an alibi the fail stands.
 */
static void test_guard(void)
{
	struct fake_guard f = { .g.explain = fake_explain };
	struct memout m;
	struct tap t;

	mem_open(&m, &t);
	tap_set_guard(&t, &f.g);
	tap_expect_long(&t, 1, 2, "no alibi");
	tap_pass(&t, "passes");
	tap_skip(&t, "why", "skips");
	f.alibi = true;
	tap_expect_long(&t, 1, 2, "with alibi");
	tap_todo(&t, "known bug");
	tap_expect_long(&t, 1, 2, "a known bug stays TODO");
	tap_set_guard(&t, NULL);
	tap_expect_long(&t, 1, 2, "unguarded");
	CU_ASSERT_EQUAL(f.asked, 2);
	CU_ASSERT_EQUAL(t.counts[TAP_SKIP], 2);	/* the skip and the TODO */
	CU_ASSERT_EQUAL(t.counts[TAP_FAIL], 2);
	CU_ASSERT_EQUAL(t.counts[TAP_BROKEN], 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(mem_text(&m),
		"not ok 4 - with alibi\n"
		"  ---\n"
		"  severity: broken\n"
		"  expected: \"1\"\n"
		"  got: \"2\"\n"
		"  error: \"global OOM\"\n"
		"  ...\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(mem_text(&m), "not ok 1 - no alibi\n  ---\n  severity: fail\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(mem_text(&m),
		"not ok 5 - a known bug stays TODO # TODO known bug\n  ---\n  severity: fail\n"));
	CU_ASSERT_EQUAL(tap_done(&t), TAP_EXIT_FAIL | TAP_EXIT_BROKEN);
	mem_close(&m);
}

static const struct selftest_case tap_cases[] = {
	{ "version header", test_header },
	{ "plan and four outcomes", test_outcomes },
	{ "YAML block without details", test_bare_yaml },
	{ "'#', '\\' and newlines in one-line text", test_line_escaping },
	{ "YAML scalar quoting", test_yaml_quoting },
	{ "tap_expect helpers", test_expect_helpers },
	{ "skip_all", test_skip_all },
	{ "bail out", test_bail },
	{ "bail out with the error's errno", test_bail_err },
	{ "trailing plan", test_trailing_plan },
	{ "exit codes", test_exit_codes },
	{ "an environment guard turns fail into broken", test_guard },
	{ NULL, NULL }
};

SELFTEST_SUITE(tap_suite, "tap", tap_cases)
