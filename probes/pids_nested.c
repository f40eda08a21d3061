// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pids_nested — nested pids limits: the tighter of a group's pids.max
 * and its parent's wins, whichever of the two it is, and the parent's
 * pids.current counts its child's tasks.
 *
 * Outside role (this process, root): per case, makes a parent group with
 * one pids.max, launches a container (pid, mnt namespaces) in a child
 * group of it with the other, and lets the container's init create tasks
 * until the kernel refuses one (fixtures/taskfill.h).  The outside reads
 * both groups' pids.current while the tasks live.
 *
 *   --fault loose      the tighter of the two limits is left unset: the
 *                      tasks run up to the looser one, and the checks
 *                      report not ok.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "fixtures/cgrun.h"
#include "fixtures/probeargs.h"
#include "fixtures/taskfill.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define TIGHT 4
#define LOOSE 12
#define BOUND (2 * LOOSE)

static const struct probe_needs needs = CGRUN_NEEDS("pids");

static const char *const faults[] = { "loose", NULL };

static const struct tcase {
	long long parent, child;	/* pids.max of each */
	const char *label;
} tcases[] = {
	{ TIGHT, LOOSE, "parent tighter" },
	{ LOOSE, TIGHT, "child tighter" },
};

struct nest {
	const struct tcase *tc;
	struct core_cgroup parent;
};

/* Container init: task 1 of the child group. */
static int init_main(void *arg, int fd, int mfd)
{
	static const struct taskfill tf = { false, BOUND, 1 };

	(void)arg;
	return taskfill_init(&tf, fd, mfd);
}

static void check_current(struct tap *t, const struct tcase *tc, const struct core_cgroup *cg,
			  const char *which)
{
	struct nsp_err e = { 0 };
	long long v;

	if (core_cgroup_get(cg, CG_PIDS_CURRENT, &v, &e) < 0)
		tap_broken(t, &e, "%s: the %s group's pids.current counts the tasks", tc->label,
			   which);
	else
		tap_expect_long(t, TIGHT, (long)v, "%s: the %s group's pids.current counts the "
				"tasks", tc->label, which);
}

static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	struct nest *n = arg;
	struct nsp_err e = { 0 };
	struct taskfill_seen s;

	if (taskfill_recv(fd, &s, &e) < 0) {
		tap_broken(t, &e, "%s: creating a task fails at the tighter limit", n->tc->label);
		return;
	}
	tap_expect_str(t, "EAGAIN", s.err ? nsp_errno_name(s.err) : "no failure",
		       "%s: creating a task fails with EAGAIN", n->tc->label);
	tap_expect_long(t, TIGHT, s.tasks, "%s: at the tighter limit, %d tasks", n->tc->label,
			TIGHT);
	check_current(t, n->tc, &c->cg, "child");
	check_current(t, n->tc, &n->parent, "parent");
}

/* The parent group, then the container in a child of it. */
static void run_case(struct tap *t, const struct tcase *tc, bool loose)
{
	struct nest n = { .tc = tc, .parent = CORE_CGROUP_INIT };
	const struct cg_limit pl = { CG_PIDS_MAX, tc->parent, NULL, NULL };
	const struct cg_limit cl = { CG_PIDS_MAX, tc->child, NULL, NULL };
	const struct core_cgroup_req req = {
		.ctrls = CG_CTRL_BIT(CG_CTRL_PIDS), .limits = &pl,
		.nlimits = !(loose && tc->parent == TIGHT),
	};
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.ctrls = CG_CTRL_BIT(CG_CTRL_PIDS),
		.limits = &cl,
		.nlimits = !(loose && tc->child == TIGHT),
		.parent = &n.parent,
		.members = true,
		.init = init_main,
		.observe = observe,
		.arg = &n,
	};
	struct nsp_err e = { 0 };
	char name[32];

	snprintf(name, sizeof(name), "pids-nest-%d", (int)getpid());
	if (core_cgroup_create_req(&n.parent, name, &req, &e) < 0)
		tap_broken(t, &e, "%s: a parent group with pids.max %lld", tc->label, tc->parent);
	else
		cgrun_case(t, &p);
	if (core_cgroup_destroy(&n.parent, &e) < 0)
		tap_broken(t, &e, "%s: remove the parent group", tc->label);
}

static int outside(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };

	if (cgrun_clean_stale(&e) < 0)
		return tap_bail_err(t, &e, "remove stale groups");
	for (size_t i = 0; i < sizeof(tcases) / sizeof(tcases[0]); i++)
		run_case(t, &tcases[i], probe_fault(a, "loose"));
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "pids_nested", .needs = &needs, .faults = faults,
		.summary = "nested pids.max: the tighter of parent and child wins",
		.outside = outside, .no_inside = CGRUN_NO_INSIDE,
	};

	return probe_main(&m, argc, argv);
}
