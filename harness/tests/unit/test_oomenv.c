// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the OOM probes' global-OOM alibi (fixtures/oomenv.h) on
 * copies of /proc/vmstat and of the group's counter file, rewritten in
 * place between the arming and the failing point as the kernel would.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures/oomenv.h"
#include "tests/unit/selftest.h"

/* Copies of the two files in a scratch directory, and a TAP stream to nowhere. */
struct scratch {
	char dir[64];
	char vmstat[96];
	char group[96];
	FILE *null;
	struct tap t;
};

/* Rewrite path in place (same inode, as the kernel's files stay open). */
static void put_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fputs(text, f) >= 0, 1);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

/* The two files as a kernel of version v shows them. */
static void write_counters(const struct scratch *s, enum cg_version v,
			   long long host, long long group)
{
	char text[256];

	snprintf(text, sizeof(text), "pgfault 17\noom_kill %lld\nnr_free_pages 3\n", host);
	put_text(s->vmstat, text);
	if (v == CG_V1)
		snprintf(text, sizeof(text),
			 "oom_kill_disable 0\nunder_oom 0\noom_kill %lld\n", group);
	else
		snprintf(text, sizeof(text),
			 "low 0\nhigh 0\nmax 3\noom 1\noom_kill %lld\noom_group_kill 0\n", group);
	put_text(s->group, text);
}

static void scratch_open(struct scratch *s, enum cg_version v)
{
	snprintf(s->dir, sizeof(s->dir), "/tmp/nsp-oomenv-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(s->dir));
	snprintf(s->vmstat, sizeof(s->vmstat), "%s/vmstat", s->dir);
	snprintf(s->group, sizeof(s->group), "%s/counter", s->dir);
	write_counters(s, v, 10, 2);
	s->null = fopen("/dev/null", "we");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s->null);
	tap_init(&s->t, s->null);
}

static void scratch_close(struct scratch *s)
{
	fclose(s->null);
	unlink(s->vmstat);
	unlink(s->group);
	rmdir(s->dir);
}

static const struct alibi_case {
	long long host_kills, group_kills;	/* since arming */
	bool alibi;
} alibi_cases[] = {
	{ 0, 0, false },	/* no OOM at all: the failure is the kernel's */
	{ 1, 1, false },	/* the group's own kill, counted by the host too */
	{ 3, 3, false },
	{ 1, 0, true },		/* a kill outside the group */
	{ 4, 1, true },
};

/* Each case on v1 and v2: a failing point is broken exactly with an alibi. */
static void test_alibi(void)
{
	for (int v = CG_V1; v <= CG_V2; v++) {
		for (size_t i = 0; i < sizeof(alibi_cases) / sizeof(alibi_cases[0]); i++) {
			const struct alibi_case *c = &alibi_cases[i];
			struct oomenv g;
			struct scratch s;
			struct nsp_err e;

			scratch_open(&s, v);
			CU_ASSERT_EQUAL_FATAL(oomenv_arm_files(&g, &s.t, s.vmstat, s.group, v, &e), 0);
			write_counters(&s, v, 10 + c->host_kills, 2 + c->group_kills);
			tap_expect_long(&s.t, 1, 2, "a failing point");
			CU_ASSERT_EQUAL(s.t.counts[TAP_BROKEN], c->alibi ? 1u : 0u);
			CU_ASSERT_EQUAL(s.t.counts[TAP_FAIL], c->alibi ? 0u : 1u);
			oomenv_disarm(&g, &s.t);
			CU_ASSERT_PTR_NULL(s.t.guard);
			scratch_close(&s);
		}
	}
}

/* A group file without the key (kernels before 4.13) cannot be armed. */
static void test_no_key(void)
{
	struct oomenv g;
	struct scratch s;
	struct nsp_err e;

	scratch_open(&s, CG_V1);
	put_text(s.group, "oom_kill_disable 0\nunder_oom 0\n");
	CU_ASSERT_EQUAL(oomenv_arm_files(&g, &s.t, s.vmstat, s.group, CG_V1, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, ENODATA);
	CU_ASSERT_PTR_NULL(s.t.guard);
	CU_ASSERT_EQUAL(g.vmstat_fd, -1);
	CU_ASSERT_EQUAL(g.group_fd, -1);
	scratch_close(&s);
}

static const struct selftest_case oomenv_cases[] = {
	{ "a kill outside the group is the environment's alibi", test_alibi },
	{ "no oom_kill key: no alibi armed", test_no_key },
	{ NULL, NULL }
};

SELFTEST_SUITE(oomenv_suite, "oomenv", oomenv_cases)
