// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Self-tests of the layout's controller lookup (lib/cglayout.h) where a
 * v1 hierarchy the kernel has is not mounted: a forked child, root in a
 * mount namespace of its own, unmounts one v1 hierarchy there (the
 * host's mounts are untouched) and asks where that controller is.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/cglayout.h"
#include "tests/unit/selftest.h"

/* v1 controllers one of which a v1 or hybrid host mounts */
static const char *const v1_ctrls[] = { "pids", "cpuset", "memory", "io" };

/* Child, in its own mount namespace: 0 when `ctrl` is no longer on v1 after its umount. */
static int unmounted_is_not_v1(const struct cg_layout *l, const char *ctrl)
{
	char dir[128];

	snprintf(dir, sizeof(dir), "%s/%s", CG_ROOT, cg_v1_name(ctrl));
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    umount2(dir, MNT_DETACH) < 0)
		return 2;
	return cg_controller_version(l, ctrl, NULL, 0) == CG_V1;
}

static void test_unmounted_hierarchy(void)
{
	struct cg_layout l;
	struct nsp_err e;
	const char *ctrl = NULL;
	char dir[128];
	int status;
	pid_t pid;

	CU_ASSERT_EQUAL_FATAL(cg_layout_detect(&l, &e), 0);
	for (size_t i = 0; !ctrl && i < sizeof(v1_ctrls) / sizeof(v1_ctrls[0]); i++)
		if (cg_controller_version(&l, v1_ctrls[i], dir, sizeof(dir)) == CG_V1)
			ctrl = v1_ctrls[i];
	if (!ctrl || geteuid() != 0) {
		CU_PASS("skipped: needs root and a mounted v1 hierarchy");
		return;
	}
	pid = fork();
	CU_ASSERT_NOT_EQUAL_FATAL(pid, -1);
	if (pid == 0)
		_exit(unmounted_is_not_v1(&l, ctrl));
	CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
	CU_ASSERT(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
	/* ours, outside that namespace, is still there */
	CU_ASSERT_EQUAL(cg_controller_version(&l, ctrl, NULL, 0), CG_V1);
}

static const struct selftest_case cglayout_cases[] = {
	{ "a v1 hierarchy not mounted here is no v1 controller", test_unmounted_hierarchy },
	{ NULL, NULL }
};

SELFTEST_SUITE(cglayout_suite, "cglayout", cglayout_cases)
