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

static void add_link(struct nt_links *l, int ifindex, const char *name)
{
	struct nl_link link = { .ifindex = ifindex };
	struct nsp_err e;

	snprintf(link.name, sizeof(link.name), "%s", name);
	CU_ASSERT_EQUAL(nt_links_add(l, &link, &e), 0);
}

static void test_nt_lists(void)
{
	nt_links_auto struct nt_links l = { 0 };
	char buf[64];

	CU_ASSERT_FALSE(nt_is_fresh(&l));
	CU_ASSERT_STRING_EQUAL(nt_names(&l, buf, sizeof(buf)), "(none)");
	add_link(&l, 1, "lo");
	CU_ASSERT_TRUE(nt_is_fresh(&l));
	l.v[0].flags = IFF_UP;
	CU_ASSERT_FALSE(nt_is_fresh(&l));
	l.v[0].flags = 0;
	add_link(&l, 2, "eth0");
	CU_ASSERT_FALSE(nt_is_fresh(&l));
	CU_ASSERT_STRING_EQUAL(nt_names(&l, buf, sizeof(buf)), "lo eth0");
	CU_ASSERT_PTR_EQUAL(nt_find(&l, "eth0"), &l.v[1]);
	CU_ASSERT_PTR_NULL(nt_find(&l, "eth1"));
}

/* A list of any length crosses a socketpair whole, in order. */
static void test_nt_links_send(void)
{
	static const size_t sizes[] = { 0, 1, 32, 33, 300, 5000 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		nt_links_auto struct nt_links out = { 0 }, in = { 0 };
		struct nsp_sync s;
		struct nsp_err e;
		char name[IFNAMSIZ];
		pid_t pid;
		int status;

		for (size_t i = 0; i < sizes[k]; i++) {
			snprintf(name, sizeof(name), "l%u", (unsigned)(i % 100000));
			add_link(&out, (int)i + 1, name);
		}
		CU_ASSERT_EQUAL_FATAL(nsp_sync_open(&s, &e), 0);
		pid = fork();
		if (pid == 0)
			_exit(nt_links_send(nsp_sync_side(&s, NSP_SYNC_CHILD), &out, &e) < 0);
		CU_ASSERT_EQUAL(nt_links_recv(nsp_sync_side(&s, NSP_SYNC_PARENT), &in, &e), 0);
		nsp_sync_close(&s);
		CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
		CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		CU_ASSERT_EQUAL(in.n, sizes[k]);
		for (size_t i = 0; i < in.n && i < out.n; i++)
			CU_ASSERT_TRUE(in.v[i].ifindex == out.v[i].ifindex &&
				       !strcmp(in.v[i].name, out.v[i].name));
	}
}

static const struct selftest_case mnttest_cases[] = {
	{ "mountinfo view to text", test_view_str },
	{ "propagation kinds from tags", test_view_is },
	{ "mount requests: errors", test_apply_errors },
	{ "mount peer: errno across, quit, dead peer", test_peer_roundtrip },
	{ "net helpers: fresh netns, names, find", test_nt_lists },
	{ "net helpers: link lists of any length cross a socketpair", test_nt_links_send },
	{ NULL, NULL }
};

SELFTEST_SUITE(mnttest_suite, "mnttest", mnttest_cases)
