// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oom_group_v2 — cgroup v2 memory.oom.group=1: the OOM killer treats the
 * group as one workload and kills every member, not only the task that
 * went over the limit; memory.events oom_group_kill counts it; a member
 * with oom_score_adj -1000 is the documented exception and survives
 * (Documentation/admin-guide/cgroup-v2.rst, memory.oom.group).
 *
 * Outside role (this process, root): launches a container (uts namespace
 * only: no pid namespace, whose teardown would kill the members for a
 * different reason) in a 16 MiB v2 group with memory.oom.group=1.  Its
 * init forks MEMBERS members blocking on a socket the probe holds, sends
 * their pids, then raises its own oom_score_adj to 1000 and touches
 * 64 MiB.  The outside opens a pidfd for every member before the OOM and
 * waits (bounded poll) for the killed ones to exit.  It tries to protect
 * member 0 with oom_score_adj -1000; that needs CAP_SYS_RESOURCE, and
 * where the write fails with EACCES the exception is skipped.
 *
 *   --fault no-group   memory.oom.group stays 0: only the task over the
 *                      limit dies, and the group checks report not ok.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fixtures/memhog.h"
#include "lib/needs.h"
#include "fixtures/oomgroup.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

#define MEMBERS 3
/* A bound on the wait for the killed members to exit, not a sleep. */
#define EXIT_TIMEOUT_MS 5000

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWUTS,
	.cgroup = CG_V2,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

static const char *const faults[] = { "no-group", NULL };

struct members {
	bool no_group;			/* --fault no-group */
	pid_t pid[MEMBERS];
	int pidfd[MEMBERS];
	bool protected;			/* member 0 has oom_score_adj -1000 */
	struct nsp_err protect_err;	/* why not */
};

/*
 * Container init (not pid 1: no pid ns), in the group: members, then hog.
 * vfd carries the member pids, then the memhog protocol.
 */
static int init_main(void *arg, int vfd, int mfd)
{
	pid_t pids[MEMBERS];
	struct nsp_err e;

	(void)arg;
	if (memhog_spawn_sleepers(mfd, vfd, pids, MEMBERS, &e) < 0 ||
	    nsp_sync_send(vfd, pids, sizeof(pids), &e) < 0)
		return 2;
	return memhog_victim(vfd, MEMHOG_TOUCH);
}

/* Pidfds before the OOM, so a recycled pid can never be mistaken. */
static int open_members(struct members *m, struct nsp_err *e)
{
	for (int i = 0; i < MEMBERS; i++) {
		m->pidfd[i] = (int)syscall(SYS_pidfd_open, m->pid[i], 0);
		if (m->pidfd[i] < 0)
			return nsp_err_sys(e, "pidfd_open member %d (pid %d)", i,
					   (int)m->pid[i]);
	}
	/* lowering an adj below its floor needs CAP_SYS_RESOURCE */
	m->protected = memhog_set_adj(m->pid[0], MEMHOG_ADJ_PROTECTED,
				      &m->protect_err) == 0;
	return 0;
}

/* Is member i gone?  Waits up to timeout_ms for it (pidfd readable). */
static bool gone(const struct members *m, int i, int timeout_ms)
{
	struct pollfd p = { .fd = m->pidfd[i], .events = POLLIN };

	return poll(&p, 1, timeout_ms) == 1;
}

static void check_members(struct tap *t, const struct members *m)
{
	int first = m->protected ? 1 : 0, dead = 0, timeout = EXIT_TIMEOUT_MS;
	char want[32], got[32];

	/* one bound for all: after a member outlived it, look without waiting */
	for (int i = first; i < MEMBERS; i++) {
		bool g = gone(m, i, timeout);

		dead += g;
		if (!g)
			timeout = 0;
	}
	snprintf(want, sizeof(want), "%d of %d gone", MEMBERS - first, MEMBERS - first);
	snprintf(got, sizeof(got), "%d of %d gone", dead, MEMBERS - first);
	tap_expect(t, dead == MEMBERS - first, want, got,
		   "memory.oom.group=1: every other member is killed with the victim");
	if (!m->protected && m->protect_err.errnum == EACCES)
		tap_skip(t, "setting oom_score_adj -1000 needs CAP_SYS_RESOURCE, which "
			 "this root lacks (EACCES)", "a member with oom_score_adj -1000 survives "
			 "the group kill");
	else if (!m->protected)
		tap_broken(t, &m->protect_err, "a member with oom_score_adj -1000 survives "
			   "the group kill");
	else
		tap_expect(t, !gone(m, 0, 0), "alive", "gone",
			   "a member with oom_score_adj -1000 survives the group kill");
}

static void observe(struct tap *t, struct core_container *c, int vfd, void *arg)
{
	struct members *m = arg;
	struct nsp_err e = { 0 };
	long long groupkills;

	if (nsp_sync_recv(vfd, m->pid, sizeof(m->pid), &e) < 0 || open_members(m, &e) < 0 ||
	    (!m->no_group && core_cgroup_set_limit(&c->cg, CG_MEMORY_OOM_GROUP, 1, &e) < 0) ||
	    memhog_ready(vfd, &e) < 0 || memhog_go(vfd, &e) < 0) {
		tap_broken(t, &e, "a v2 group with memory.oom.group=1 and %d members", MEMBERS);
		return;
	}
	if (oomgroup_expect_init_killed(t, c, vfd, "the task over the limit dies by SIGKILL") < 0)
		return;
	check_members(t, m);
	if (core_cgroup_get(&c->cg, CG_MEMORY_EVENTS_OOM_GROUP_KILL, &groupkills, &e) < 0) {
		if (e.errnum == ENODATA)
			tap_skip(t, "this kernel's memory.events has no oom_group_kill (5.17+)",
				 "memory.events oom_group_kill counts the group kill");
		else
			tap_broken(t, &e, "memory.events oom_group_kill counts the group kill");
	} else {
		tap_expect_long(t, 1, (long)groupkills,
				"memory.events oom_group_kill counts the group kill");
	}
}

static int outside(struct tap *t, const struct probe_args *a)
{
	struct members m = { .no_group = probe_fault(a, "no-group") };
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.memory_limit = MEMHOG_LIMIT,
		.members = true,
		.init = init_main,
		.observe = observe,
		.arg = &m,
	};
	int rc;

	for (int i = 0; i < MEMBERS; i++)
		m.pidfd[i] = -1;
	rc = cgrun_probe_run(t, &p);
	for (int i = 0; i < MEMBERS; i++)
		if (m.pidfd[i] >= 0)
			close(m.pidfd[i]);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "oom_group_v2", .needs = &needs, .faults = faults,
		.outside = outside,
		.no_inside = "it makes the memory cgroup it checks: a container's own "
			     "limits cannot be judged from inside",
	};

	return probe_main(&m, argc, argv);
}
