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
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/launch.h"
#include "memhog.h"
#include "needs.h"
#include "oomgroup.h"
#include "sync.h"
#include "tap.h"

#define MEMBERS 3
#define MAX_PIDS 16

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

static bool fault_no_pidns, fault_no_limit;

struct pair {
	struct nsp_sync victim;		/* memhog protocol with init */
	struct nsp_sync members;	/* held by the members, never written */
};

/* Container init (pid 1 unless faulted), in the group: members, then hog. */
static int init_main(void *arg)
{
	struct pair *p = arg;
	int vfd = nsp_sync_side(&p->victim, NSP_SYNC_CHILD);
	int mfd = nsp_sync_side(&p->members, NSP_SYNC_CHILD);
	pid_t pids[MEMBERS];
	struct nsp_err e;

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

static void observe(struct tap *t, struct core_container *c, int vfd)
{
	pid_t pids[MAX_PIDS];
	struct nsp_err e = { 0 };
	char got[64];
	int n, status, left;

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
	if (memhog_survived(vfd))
		shutdown(vfd, SHUT_WR);	/* it lived: release it */
	if (core_wait(c, &status, &e) < 0) {
		tap_broken(t, &e, "init, the OOM victim, dies by SIGKILL");
		return;
	}
	tap_expect(t, memhog_killed_by(status, SIGKILL), "killed by signal 9 (KILL)",
		   memhog_status_str(status, got, sizeof(got)),
		   "init, the OOM victim, dies by SIGKILL");
	snprintf(got, sizeof(got), "%d of %d alive", count_alive(pids, n), n);
	tap_expect(t, count_alive(pids, n) == 0, "0 alive", got,
		   "every member of the container is gone once init is reaped");
	left = oomgroup_procs(&c->cg, pids, MAX_PIDS, &e);
	if (left < 0)
		tap_broken(t, &e, "the group is empty once init is reaped");
	else
		tap_expect_long(t, 0, left, "the group is empty once init is reaped");
}

static int run(struct tap *t)
{
	struct core_container c = CORE_CONTAINER_INIT;
	struct pair p = { { { -1, -1 } }, { { -1, -1 } } };
	struct nsp_err e = { 0 };
	struct core_spec spec = {
		.namespaces = fault_no_pidns ? CLONE_NEWNS : needs.namespaces,
		.memory_limit = fault_no_limit ? MEMHOG_NO_LIMIT : MEMHOG_LIMIT,
		.fn = init_main,
		.arg = &p,
	};

	if (oomgroup_clean_stale(&e) < 0 || memhog_adopt_orphans(&e) < 0 ||
	    nsp_sync_open(&p.victim, &e) < 0 ||
	    nsp_sync_open(&p.members, &e) < 0 || core_launch(&spec, &c, &e) < 0) {
		tap_broken(t, &e, "launch a container in a 16 MiB memory group");
	} else {
		nsp_sync_side(&p.members, NSP_SYNC_PARENT);
		observe(t, &c, nsp_sync_side(&p.victim, NSP_SYNC_PARENT));
	}
	/* hanging up releases members a faulted run left alive; destroy kills */
	nsp_sync_close(&p.victim);
	nsp_sync_close(&p.members);
	if (core_destroy(&c, &e) < 0)
		tap_broken(t, &e, "remove the container and its group");
	memhog_reap_all();	/* members we adopted, killed by the destroy */
	return tap_done(t);
}

int main(int argc, char **argv)
{
	struct tap t;
	int rc;

	if (argc == 3 && strcmp(argv[1], "--fault") == 0 &&
	    (strcmp(argv[2], "no-pidns") == 0 || strcmp(argv[2], "no-limit") == 0)) {
		fault_no_pidns = strcmp(argv[2], "no-pidns") == 0;
		fault_no_limit = !fault_no_pidns;
	} else if (argc != 1) {
		fprintf(stderr, "usage: oom_init_victim [--fault no-pidns|no-limit]\n");
		return 64;
	}
	rc = probe_start(&t, &needs);
	if (rc >= 0)
		return rc;
	return run(&t);
}
