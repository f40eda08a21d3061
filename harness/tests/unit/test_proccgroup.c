// SPDX-License-Identifier: GPL-2.0-or-later
/* Self-tests of the /proc/<pid>/cgroup parser (proccgroup.h). */
#include <errno.h>
#include <string.h>

#include "lib/proccgroup.h"
#include "tests/unit/selftest.h"

/* A hybrid host like ours: v1 controllers, named systemd, and cgroup2. */
static const char hybrid[] =
	"12:rdma:/\n"
	"11:cpu,cpuacct:/user.slice\n"
	"10:memory:/process_api/d16f7de88a1b4866944c7bf7623a57a2\n"
	"9:name=systemd:/\n"
	"4:net_cls,net_prio:/\n"
	"1:name=systemd:/init.scope\n"
	"0::/user.slice/user-1000.slice/session-2.scope\n";

static void test_hybrid(void)
{
	struct cgroup_list l;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(cgroup_list_parse(hybrid, &l, &e), 0);
	CU_ASSERT_EQUAL_FATAL(l.n, 7);
	CU_ASSERT_EQUAL(l.v[0].hierarchy_id, 12);
	CU_ASSERT_STRING_EQUAL(l.v[1].controllers, "cpu,cpuacct");
	CU_ASSERT_STRING_EQUAL(l.v[1].path, "/user.slice");
	CU_ASSERT_STRING_EQUAL(l.v[3].controllers, "name=systemd");
	CU_ASSERT_STRING_EQUAL(l.v[3].path, "/");
	CU_ASSERT_EQUAL(l.v[6].hierarchy_id, 0);
	CU_ASSERT_STRING_EQUAL(l.v[6].controllers, "");
	CU_ASSERT_STRING_EQUAL(l.v[6].path,
			       "/user.slice/user-1000.slice/session-2.scope");
	for (size_t i = 0; i < l.n; i++)
		CU_ASSERT_FALSE(l.v[i].deleted);
	cgroup_list_free(&l);
	CU_ASSERT_EQUAL(l.n, 0);
	CU_ASSERT_PTR_NULL(l.v);
	cgroup_list_free(&l);	/* a freed list can be freed again */
}

/* Controllers match as whole comma-separated items only. */
static void test_find(void)
{
	const struct cgroup_entry *c;
	struct cgroup_list l;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(cgroup_list_parse(hybrid, &l, &e), 0);
	c = cgroup_list_find(&l, "cpuacct");
	CU_ASSERT_PTR_NOT_NULL(c);
	CU_ASSERT_PTR_EQUAL(c, &l.v[1]);
	CU_ASSERT_PTR_EQUAL(cgroup_list_find(&l, "cpu"), &l.v[1]);
	CU_ASSERT_PTR_EQUAL(cgroup_list_find(&l, "net_prio"), &l.v[4]);
	CU_ASSERT_PTR_EQUAL(cgroup_list_find(&l, "memory"), &l.v[2]);
	/* the first of two lines naming it */
	CU_ASSERT_PTR_EQUAL(cgroup_list_find(&l, "name=systemd"), &l.v[3]);
	CU_ASSERT_PTR_EQUAL(cgroup_list_find(&l, NULL), &l.v[6]);
	CU_ASSERT_PTR_NULL(cgroup_list_find(&l, "cpu,cpuacct"));
	CU_ASSERT_PTR_NULL(cgroup_list_find(&l, "cpuac"));
	CU_ASSERT_PTR_NULL(cgroup_list_find(&l, "systemd"));
	CU_ASSERT_PTR_NULL(cgroup_list_find(&l, "pids"));
	CU_ASSERT_PTR_NULL(cgroup_list_find(&l, ""));
	CU_ASSERT_PTR_NULL(cgroup_list_find(NULL, "cpu"));
	cgroup_list_free(&l);
}

/* Entry i of l has this path, and is marked removed or not. */
static void check_path(const struct cgroup_list *l, size_t i, const char *path, bool deleted)
{
	CU_ASSERT_STRING_EQUAL(l->v[i].path, path);
	CU_ASSERT_EQUAL(l->v[i].deleted, deleted);
}

/* Pure v2, ':' inside the path, a removed group, no final newline. */
static void test_v2_colon_deleted(void)
{
	struct cgroup_list l;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(cgroup_list_parse("0::/a:b\n0::/c/d (deleted)\n"
						"0::/x::y (deleted)", &l, &e), 0);
	CU_ASSERT_EQUAL_FATAL(l.n, 3);
	check_path(&l, 0, "/a:b", false);
	check_path(&l, 1, "/c/d", true);
	check_path(&l, 2, "/x::y", true);
	CU_ASSERT_PTR_EQUAL(cgroup_list_find(&l, NULL), &l.v[0]);
	CU_ASSERT_PTR_NULL(cgroup_list_find(&l, "memory"));
	cgroup_list_free(&l);
}

/* Paths a cgroup namespace shows, and names that only look deleted. */
static void test_odd_paths(void)
{
	struct cgroup_list l;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(cgroup_list_parse("0::/../../sibling\n"
						"0::/(deleted)\n"
						"0::/ (deleted)\n", &l, &e), 0);
	CU_ASSERT_EQUAL_FATAL(l.n, 3);
	check_path(&l, 0, "/../../sibling", false);
	check_path(&l, 1, "/(deleted)", false);
	check_path(&l, 2, "/", true);
	cgroup_list_free(&l);

	CU_ASSERT_EQUAL(cgroup_list_parse("", &l, &e), 0);
	CU_ASSERT_EQUAL(l.n, 0);
	CU_ASSERT_PTR_NULL(l.v);
}

static const struct {
	const char *text;
	const char *msg;
} bad_samples[] = {
	{ "0::/\nmemory:/\n", "cgroup line 2: fewer than three ':'-separated fields" },
	{ "0:/\n", "cgroup line 1: fewer than three ':'-separated fields" },
	{ "0::/\n\n", "cgroup line 2: fewer than three ':'-separated fields" },
	{ "x:memory:/\n", "cgroup line 1: bad hierarchy id" },
	{ ":memory:/\n", "cgroup line 1: bad hierarchy id" },
	{ "-1::/\n", "cgroup line 1: bad hierarchy id" },
	{ " 4:memory:/\n", "cgroup line 1: bad hierarchy id" },
	{ "99999999999:memory:/\n", "cgroup line 1: bad hierarchy id" },
	{ "4:memory:\n", "cgroup line 1: path is not absolute" },
	{ "1:cpu:/\n4:memory:user.slice\n", "cgroup line 2: path is not absolute" },
	/* cut short by an early end of read */
	{ "1:cpu:/\n4:mem", "cgroup line 2: fewer than three ':'-separated fields" },
	{ NULL, "cgroup: no text" },
};

/* Bad input: -1, EINVAL, the line named, and an empty list. */
static void test_malformed(void)
{
	struct cgroup_list l;
	struct nsp_err e;

	for (size_t i = 0; i < sizeof(bad_samples) / sizeof(bad_samples[0]); i++) {
		nsp_err_clear(&e);
		l.n = 12345;
		l.v = (void *)&e;	/* poison: must come back NULL */
		CU_ASSERT_EQUAL(cgroup_list_parse(bad_samples[i].text, &l, &e), -1);
		CU_ASSERT_EQUAL(e.errnum, EINVAL);
		CU_ASSERT_STRING_EQUAL(e.msg, bad_samples[i].msg);
		CU_ASSERT_EQUAL(l.n, 0);
		CU_ASSERT_PTR_NULL(l.v);
	}
}

/* Every prefix, and every byte replaced: no crash, a clean EINVAL. */
static void check_mangled(const char *text)
{
	struct cgroup_list l;
	struct nsp_err e;

	if (cgroup_list_parse(text, &l, &e) == 0) {
		cgroup_list_free(&l);
		return;
	}
	CU_ASSERT_EQUAL(e.errnum, EINVAL);
	CU_ASSERT_EQUAL(strncmp(e.msg, "cgroup line ", 12), 0);
	CU_ASSERT(l.n == 0 && l.v == NULL);
}

static void test_mangled(void)
{
	selftest_mangle(hybrid, " :/,\nx-", check_mangled);
}

/* Every process is in some cgroup, and the kernel prints absolute paths. */
static void test_live_self(void)
{
	struct cgroup_list l;
	struct nsp_err e;

	CU_ASSERT_EQUAL_FATAL(cgroup_list_read(0, &l, &e), 0);
	CU_ASSERT(l.n > 0);
	for (size_t i = 0; i < l.n; i++) {
		CU_ASSERT(l.v[i].path[0] == '/');
		CU_ASSERT(l.v[i].hierarchy_id >= 0);
	}
	cgroup_list_free(&l);
}

static const struct selftest_case proccgroup_cases[] = {
	{ "hybrid v1 + v2 sample", test_hybrid },
	{ "find by controller", test_find },
	{ "v2, ':' in path, deleted", test_v2_colon_deleted },
	{ "cgroupns paths, look-alike names, empty", test_odd_paths },
	{ "malformed lines", test_malformed },
	{ "cut and mangled input", test_mangled },
	{ "live /proc/self/cgroup", test_live_self },
	{ NULL, NULL }
};

SELFTEST_SUITE(proccgroup_suite, "proccgroup", proccgroup_cases)
