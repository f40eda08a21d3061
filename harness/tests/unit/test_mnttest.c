// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the mount-probe helpers (probes/lib/mnttest.h) and the
 * net-probe helpers' pure parts (fixtures/nettest.h).  Nothing here mounts
 * or creates links: requests that would are sent with paths that fail, so
 * the error path across the peer socket is what is exercised.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/mnttest.h"
#include "fixtures/nettest.h"
#include "tests/unit/selftest.h"
#include "lib/sync.h"

static void test_view_str(void)
{
	struct mt_view v = { 0 };
	char buf[64];

	CU_ASSERT_STRING_EQUAL(mt_view_str(&v, buf, sizeof(buf)), "absent");
	v.present = true;
	CU_ASSERT_STRING_EQUAL(mt_view_str(&v, buf, sizeof(buf)), "private");
	v.shared = 3;
	v.master = 1;
	CU_ASSERT_STRING_EQUAL(mt_view_str(&v, buf, sizeof(buf)), "shared:3 master:1");
	v.shared = v.master = 0;
	v.unbindable = true;
	CU_ASSERT_STRING_EQUAL(mt_view_str(&v, buf, sizeof(buf)), "unbindable");
	v.unbindable = false;
	v.master = 7;
	v.propagate_from = 2;
	CU_ASSERT_STRING_EQUAL(mt_view_str(&v, buf, sizeof(buf)), "master:7 propagate_from:2");
	/* a short buffer truncates, never overflows */
	CU_ASSERT_EQUAL(strlen(mt_view_str(&v, buf, 5)), 4);
}

static void test_view_is(void)
{
	static const struct {
		struct mt_view v;
		enum mt_kind k;
		bool want;
	} cases[] = {
		{ { .present = false }, MT_K_PRIVATE, false },
		{ { .present = true }, MT_K_PRIVATE, true },
		{ { .present = true, .shared = 1 }, MT_K_SHARED, true },
		{ { .present = true, .shared = 1 }, MT_K_PRIVATE, false },
		{ { .present = true, .shared = 2, .master = 1 }, MT_K_SHARED, false },
		{ { .present = true, .shared = 2, .master = 1 }, MT_K_SLAVE, false },
		{ { .present = true, .master = 1 }, MT_K_SLAVE, true },
		{ { .present = true, .unbindable = true }, MT_K_UNBINDABLE, true },
		{ { .present = true, .unbindable = true }, MT_K_PRIVATE, false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CU_ASSERT_EQUAL(mt_view_is(&cases[i].v, cases[i].k), cases[i].want);
	CU_ASSERT_STRING_EQUAL(mt_kind_name(MT_K_SLAVE), "slave");
	CU_ASSERT_STRING_EQUAL(mt_kind_name((enum mt_kind)42), "?");
}

static void test_apply_errors(void)
{
	struct nsp_err e = { 0 };

	CU_ASSERT_EQUAL(mt_apply(&(struct mt_req){ .op = 99 }, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_EQUAL(mt_apply(&(struct mt_req){ MT_MKDIR, 0, "/nonexistent-nsp/x", "" }, &e), -1);
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "/nonexistent-nsp/x"));
}

/* A forked peer serving requests: errors cross with their errno, QUIT
 * ends it with status 0, and a dead peer is -2 (our breakage), not -1. */
static void test_peer_roundtrip(void)
{
	struct nsp_sync s;
	struct nsp_err e = { 0 };
	int fd, status;
	pid_t pid;

	CU_ASSERT_FATAL(nsp_sync_open(&s, &e) == 0);
	fflush(NULL);
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		_exit(mt_serve(nsp_sync_side(&s, NSP_SYNC_CHILD)));
	fd = nsp_sync_side(&s, NSP_SYNC_PARENT);
	CU_ASSERT_EQUAL(mt_call(fd, &(struct mt_req){ MT_MKDIR, 0, "/nonexistent-nsp/y", "" },
				&e), -1);
	CU_ASSERT_EQUAL(e.errnum, ENOENT);
	CU_ASSERT_EQUAL(mt_call(fd, &(struct mt_req){ .op = MT_QUIT }, &e), 0);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* the peer is gone now */
	CU_ASSERT_EQUAL(mt_call(fd, &(struct mt_req){ MT_MKDIR, 0, "/x", "" }, &e), -2);
	close(fd);
}

static void test_nt_lists(void)
{
	struct nt_links l = { 0 };
	char buf[64];

	CU_ASSERT_FALSE(nt_is_fresh(&l));
	CU_ASSERT_STRING_EQUAL(nt_names(&l, buf, sizeof(buf)), "(none)");
	l.n = 1;
	snprintf(l.v[0].name, sizeof(l.v[0].name), "lo");
	l.v[0].ifindex = 1;
	CU_ASSERT_TRUE(nt_is_fresh(&l));
	l.v[0].flags = IFF_UP;
	CU_ASSERT_FALSE(nt_is_fresh(&l));
	l.v[0].flags = 0;
	l.n = 2;
	snprintf(l.v[1].name, sizeof(l.v[1].name), "eth0");
	CU_ASSERT_FALSE(nt_is_fresh(&l));
	CU_ASSERT_STRING_EQUAL(nt_names(&l, buf, sizeof(buf)), "lo eth0");
	CU_ASSERT_PTR_EQUAL(nt_find(&l, "eth0"), &l.v[1]);
	CU_ASSERT_PTR_NULL(nt_find(&l, "eth1"));
}

static const struct selftest_case mnttest_cases[] = {
	{ "mountinfo view to text", test_view_str },
	{ "propagation kinds from tags", test_view_is },
	{ "mount requests: errors", test_apply_errors },
	{ "mount peer: errno across, quit, dead peer", test_peer_roundtrip },
	{ "net helpers: fresh netns, names, find", test_nt_lists },
	{ NULL, NULL }
};

SELFTEST_SUITE(mnttest_suite, "mnttest", mnttest_cases)
