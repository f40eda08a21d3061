// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pids_max — a fork bomb in a container whose group has pids.max N is
 * contained: creating a task fails with EAGAIN at exactly N tasks in the
 * group, for processes and threads alike; pids.current shows N and
 * pids.events max counts every refusal (v1 and v2 have both files);
 * a process outside the group keeps forking meanwhile.
 *
 * Outside role (this process, root): per case, launches a container (pid,
 * mnt namespaces) in a group with pids.max = LIMIT through the runtime
 * core.  Its init (task 1 of the group) creates tasks that block until the
 * probe hangs up, until creation fails, then tries REFUSALS more, and
 * sends what it saw.  The outside reads the group's counters and forks a
 * child of its own while the group is full.  At most BOUND tasks are
 * tried, so without a limit nothing runs away.
 *
 *   --fault no-limit   pids.max stays "max": creation never fails, and the
 *                      limit and counter checks report not ok.
 */
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/cgrun.h"
#include "fixtures/probeargs.h"
#include "fixtures/taskfill.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define LIMIT 8
#define REFUSALS 3		/* tries after the first refusal */
#define BOUND (3 * LIMIT)	/* tasks tried at most */

static const struct probe_needs needs = CGRUN_NEEDS("pids");

static const char *const faults[] = { "no-limit", NULL };

static const struct tcase {
	bool threads;
	const char *label;
} tcases[] = {
	{ false, "fork" },
	{ true, "threads" },
};

/* Container init: task 1 of the group (fixtures/taskfill.h). */
static int init_main(void *arg, int fd, int mfd)
{
	const struct tcase *tc = arg;
	const struct taskfill tf = { tc->threads, BOUND, REFUSALS };

	return taskfill_init(&tf, fd, mfd);
}

static void check_counter(struct tap *t, const struct tcase *tc, struct core_container *c,
			  enum cg_item it, long long want, const char *what)
{
	struct nsp_err e = { 0 };
	char label[64];
	long long v;

	cg_file_label(it, c->cg.version, label, sizeof(label));
	if (core_cgroup_get(&c->cg, it, &v, &e) == 0)
		tap_expect_long(t, (long)want, (long)v, "%s: %s %s", tc->label, label, what);
	else if (e.errnum == ENOENT)
		tap_skip(t, "this kernel has no such file", "%s: %s %s", tc->label, label, what);
	else
		tap_broken(t, &e, "%s: %s %s", tc->label, label, what);
}

/* A process outside the group is not held by its limit. */
static void check_outside_forks(struct tap *t, const struct tcase *tc)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, &status, 0);
	tap_expect(t, pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0, "a child",
		   pid < 0 ? "fork failed" : "no clean exit",
		   "%s: a process outside the group forks while the group is full", tc->label);
}

static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	const struct tcase *tc = arg;
	struct nsp_err e = { 0 };
	struct taskfill_seen s;

	if (taskfill_recv(fd, &s, &e) < 0) {
		tap_broken(t, &e, "%s: creating a task fails at the limit", tc->label);
		return;
	}
	tap_expect_str(t, "EAGAIN", s.err ? nsp_errno_name(s.err) : "no failure",
		       "%s: creating a task fails with EAGAIN at the limit", tc->label);
	tap_expect_long(t, LIMIT, s.tasks, "%s: the group holds exactly pids.max tasks then",
			tc->label);
	tap_expect_long(t, REFUSALS, s.refused, "%s: every further try is refused", tc->label);
	check_counter(t, tc, c, CG_PIDS_CURRENT, LIMIT, "shows the full group from outside");
	check_counter(t, tc, c, CG_PIDS_EVENTS_MAX, REFUSALS + 1, "counts every refusal");
	check_outside_forks(t, tc);
}

static int outside(struct tap *t, const struct probe_args *a)
{
	const struct cg_limit limit = { CG_PIDS_MAX, LIMIT, NULL, NULL };
	struct nsp_err e = { 0 };

	if (cgrun_clean_stale(&e) < 0)
		return tap_bail_err(t, &e, "remove stale groups");
	for (size_t i = 0; i < sizeof(tcases) / sizeof(tcases[0]); i++) {
		const struct cgrun_probe p = {
			.namespaces = needs.namespaces,
			.ctrls = CG_CTRL_BIT(CG_CTRL_PIDS),
			.limits = &limit,
			.nlimits = !probe_fault(a, "no-limit"),
			.members = true,
			.init = init_main,
			.observe = observe,
			.arg = (void *)&tcases[i],
		};

		cgrun_case(t, &p);
	}
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "pids_max", .needs = &needs, .faults = faults,
		.summary = "pids.max contains a fork bomb: EAGAIN at exactly N tasks",
		.outside = outside, .no_inside = CGRUN_NO_INSIDE,
	};

	return probe_main(&m, argc, argv);
}
