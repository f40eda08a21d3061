// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oom_init_victim — when the OOM killer takes a container's init (pid 1
 * of its pid namespace), the whole container goes: every member of the
 * pid namespace is killed with it, and the memory group is left empty.
 *
 * Outside role (this process, root): launches a container (pid, mnt
 * namespaces) in a 16 MiB group.  Its init forks MEMBERS members that
 * block on a socket the probe holds (so they would live on by themselves),
 * raises its own oom_score_adj to 1000 and touches 64 MiB.  The outside
 * counts the group's members before, and checks after reaping init that
 * none is left, by pid (kill 0 is ESRCH) and in cgroup.procs.
 *
 *   --fault no-pidns   the container gets no pid namespace: init's death
 *                      no longer takes the members along, and the
 *                      teardown checks report not ok.
 *   --fault no-limit   the group's limit (1 GiB) is out of the hog's
 *                      reach: init is not killed, and that check reports
 *                      not ok.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>

#include "fixtures/memhog.h"
#include "lib/needs.h"
#include "fixtures/oomgroup.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

#define MEMBERS 3
#define MAX_PIDS 16

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

static const char *const faults[] = { "no-pidns", "no-limit", NULL };

/* Container init (pid 1 unless faulted), in the group: members, then hog. */
static int init_main(void *arg, int vfd, int mfd)
{
	pid_t pids[MEMBERS];
	struct nsp_err e;

	(void)arg;
	if (memhog_spawn_sleepers(mfd, vfd, pids, MEMBERS, &e) < 0)
		return 2;
	return memhog_victim(vfd, MEMHOG_TOUCH);
}

static int count_alive(const pid_t *pids, int n)
{
	int alive = 0;

	for (int i = 0; i < n; i++)
		alive += kill(pids[i], 0) == 0 || errno != ESRCH;
	return alive;
}

static void observe(struct tap *t, struct core_container *c, int vfd, void *arg)
{
	pid_t pids[MAX_PIDS];
	struct nsp_err e = { 0 };
	char got[64];
	int n, left;

	(void)arg;
	/* our setup, not the kernel's promise: init and its members are in */
	n = memhog_ready(vfd, &e) < 0 ? -1 : oomgroup_procs(&c->cg, pids, MAX_PIDS, &e);
	if (n >= 0 && n != MEMBERS + 1)
		nsp_err_set(&e, 0, "cgroup.procs lists %d pids, not init and %d members",
			    n, MEMBERS);
	if (n != MEMBERS + 1) {
		tap_broken(t, &e, "init, the OOM victim, dies by SIGKILL");
		return;
	}
	tap_diag(t, "the group holds init and its %d members", MEMBERS);
	if (memhog_go(vfd, &e) < 0) {
		tap_broken(t, &e, "init, the OOM victim, dies by SIGKILL");
		return;
	}
	if (oomgroup_expect_init_killed(t, c, vfd, "init, the OOM victim, dies by SIGKILL") < 0)
		return;
	snprintf(got, sizeof(got), "%d of %d alive", count_alive(pids, n), n);
	tap_expect(t, count_alive(pids, n) == 0, "0 alive", got,
		   "every member of the container is gone once init is reaped");
	left = oomgroup_procs(&c->cg, pids, MAX_PIDS, &e);
	if (left < 0)
		tap_broken(t, &e, "the group is empty once init is reaped");
	else
		tap_expect_long(t, 0, left, "the group is empty once init is reaped");
}

static int outside(struct tap *t, const struct probe_args *a)
{
	const struct cgrun_probe p = {
		.namespaces = probe_fault(a, "no-pidns") ? CLONE_NEWNS : needs.namespaces,
		.memory_limit = probe_fault(a, "no-limit") ? MEMHOG_NO_LIMIT : MEMHOG_LIMIT,
		.members = true,
		.init = init_main,
		.observe = observe,
	};

	return cgrun_probe_run(t, &p);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "oom_init_victim", .needs = &needs, .faults = faults,
		.outside = outside,
		.no_inside = "it makes the memory cgroup it checks: a container's own "
			     "limits cannot be judged from inside",
	};

	return probe_main(&m, argc, argv);
}
