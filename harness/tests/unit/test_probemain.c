// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of what the mount and net probes now share: the usage line of
 * probe_main (probeargs.h) and the private scratch tree of the mount
 * probes (mt_private_tree, mnttest.h).  The tree is built in a forked
 * child: its mount namespace, and every mount in it, dies with it.
 */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/mnttest.h"
#include "fixtures/probeargs.h"
#include "tests/unit/selftest.h"

static void test_usage(void)
{
	static const char *const one[] = { "no-netns", NULL };
	static const char *const two[] = { "no-netns", "stale-sysfs", NULL };
	static const char *const none[] = { NULL };
	char buf[128];

	CU_ASSERT_STRING_EQUAL(probe_usage("p", one, buf, sizeof(buf)),
			       "usage: p [--fault no-netns] [--role inside]");
	CU_ASSERT_STRING_EQUAL(probe_usage("p", two, buf, sizeof(buf)),
			       "usage: p [--fault no-netns|stale-sysfs] [--role inside]");
	CU_ASSERT_STRING_EQUAL(probe_usage("p", none, buf, sizeof(buf)),
			       "usage: p [--role inside]");
	CU_ASSERT_STRING_EQUAL(probe_usage("p", NULL, buf, sizeof(buf)),
			       "usage: p [--role inside]");
	/* a short buffer truncates, never overflows */
	CU_ASSERT_EQUAL(strlen(probe_usage("probe", two, buf, 12)), 11);
}

/* Child, root, in the mount namespace mt_private_tree makes: 0 when the
 * tree is there and a failing step stops it with its errno. */
static int tree_child(void)
{
	static const char *const dirs[] = { "x", NULL };
	static const struct mt_req ok[] = {
		{ MT_MOUNT, 0, MT_BASE "/x", "nsp-selftest-x" },
		{ MT_MKDIR, 0, MT_BASE "/x/y", "" },
	};
	static const struct mt_req bad[] = {
		{ MT_MKDIR, 0, MT_BASE "/nonexistent-nsp/z", "" },
		{ MT_MKDIR, 0, MT_BASE "/never", "" },
	};
	struct nsp_err e = { 0 };
	struct mt_view v;

	if (mt_private_tree(dirs, ok, 2, &e) < 0 || mt_view_of(0, MT_BASE "/x", &v, &e) < 0)
		return 1;
	if (!v.present || strcmp(v.source, "nsp-selftest-x") || access(MT_BASE "/x/y", F_OK))
		return 2;
	/* a second tree in a new namespace; its first step fails */
	if (mt_private_tree(NULL, bad, 2, &e) != -1 || e.errnum != ENOENT)
		return 3;
	return access(MT_BASE "/never", F_OK) == 0 ? 4 : 0;
}

static void test_private_tree(void)
{
	int status = -1;
	pid_t pid;

	if (geteuid() != 0)
		return;		/* needs CAP_SYS_ADMIN for its namespace */
	pid = fork();
	CU_ASSERT_FATAL(pid >= 0);
	if (pid == 0)
		_exit(tree_child());
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT_TRUE(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
}

static const struct selftest_case probemain_cases[] = {
	{ "usage line from the fault list", test_usage },
	{ "mount probes' private scratch tree", test_private_tree },
	{ NULL, NULL }
};

SELFTEST_SUITE(probemain_suite, "probemain", probemain_cases)
