// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oom_counters — the counters monitoring reads say what the OOM killer did
 * in a memory cgroup: each kill counted, the limit hits counted, usage
 * peaks within the limit, the group no longer under OOM afterwards.
 *
 *   v1  memory.oom_control oom_kill (== kills), under_oom (0 afterwards),
 *       memory.failcnt (> 0), memory.max_usage_in_bytes (<= limit + slack)
 *   v2  memory.events oom_kill (== kills; not `oom`, which is charged where
 *       the limit was hit, possibly an ancestor), max and oom (> 0),
 *       memory.peak (<= limit + slack) where the kernel has it
 * (files named through the model, runtime/cgfile.h)
 * The other version's rows SKIP with the reason.
 *
 * Outside role (this process, root): launches a container (pid, mnt
 * namespaces) in a 16 MiB group; its init (oom_score_adj 0, small) runs
 * KILLS victims one after the other, each raising its own oom_score_adj to
 * 1000 and touching 64 MiB, and reports their wait statuses.
 *
 * v1 with swap accounting: the core closes swap with memsw = limit, and
 * memsw is charged (and so hit) first, which leaves memory.failcnt at 0.
 * Here memsw is set 1 MiB above the limit, so the memory limit binds; one
 * MiB of swap cannot save a task touching four times the limit.
 *
 *   --fault no-limit   the group's limit (1 GiB) is out of the hogs' reach:
 *                      the kill and counter checks report not ok.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "fixtures/memcounters.h"
#include "fixtures/memhog.h"
#include "lib/needs.h"
#include "fixtures/oomgroup.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

#define KILLS 2
enum { STEP_GO = 1 };

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

static const struct mc_counter counters[] = {
	{ CG_V1, CG_MEMORY_EVENTS_OOM_KILL, MC_EQ, "counts each kill" },
	{ CG_V1, CG_MEMORY_EVENTS_MAX, MC_NONZERO, "counts hits of the limit" },
	{ CG_V1, CG_MEMORY_UNDER_OOM, MC_ZERO, "returns to 0 after the kill" },
	{ CG_V1, CG_MEMORY_PEAK, MC_WITHIN, "stays within the limit (+1 MiB slack)" },
	{ CG_V2, CG_MEMORY_EVENTS_OOM_KILL, MC_EQ, "counts each kill" },
	{ CG_V2, CG_MEMORY_EVENTS_MAX, MC_NONZERO, "counts hits of the limit" },
	{ CG_V2, CG_MEMORY_EVENTS_OOM, MC_NONZERO, "counts the OOM events" },
	{ CG_V2, CG_MEMORY_PEAK, MC_WITHIN, "stays within the limit (+1 MiB slack)" },
};
static const struct mc_bounds bounds = { .max = MEMHOG_LIMIT + MEMHOG_PEAK_SLACK, .eq = KILLS };

static const char *const faults[] = { "no-limit", NULL };

/* Container init: pid 1 of its pid ns, in the group; runs the victims. */
static int init_main(void *arg, int fd, int members_fd)
{
	int statuses[KILLS];
	struct nsp_err e;

	(void)arg;
	(void)members_fd;
	if (nsp_sync_wait(fd, STEP_GO, &e) < 0 ||
	    memhog_run_victims(MEMHOG_TOUCH, statuses, KILLS, &e) < 0 ||
	    nsp_sync_send(fd, statuses, sizeof(statuses), &e) < 0)
		return 2;
	memhog_hold(fd);	/* until the probe has read the counters */
	return 0;
}

/* arg: the group's limit; v1 memsw 1 MiB above it lets it bind (see the top) */
static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	const long long *limit = arg;
	int statuses[KILLS], status;
	struct nsp_err e = { 0 };
	char got[64];

	if (oomgroup_v1_limits(&c->cg, *limit, MEMHOG_MIB, &e) < 0 ||
	    nsp_sync_wake(fd, STEP_GO, &e) < 0 ||
	    nsp_sync_recv(fd, statuses, sizeof(statuses), &e) < 0) {
		tap_broken(t, &e, "run %d victims in the group", KILLS);
		return;
	}
	for (int i = 0; i < KILLS; i++)
		memhog_expect_sigkill(t, statuses[i], "victim %d of %d dies by SIGKILL",
				      i + 1, KILLS);
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		mc_check(t, &c->cg, &counters[i], &bounds, NULL);
	shutdown(fd, SHUT_WR);	/* release init */
	if (core_wait(c, &status, &e) < 0)
		tap_broken(t, &e, "the group's init survives its children's kills");
	else
		tap_expect(t, WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status 0",
			   memhog_status_str(status, got, sizeof(got)),
			   "the group's init (oom_score_adj 0) survives its children's kills");
}

static int outside(struct tap *t, const struct probe_args *a)
{
	long long limit = probe_fault(a, "no-limit") ? MEMHOG_NO_LIMIT : MEMHOG_LIMIT;
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.memory_limit = limit,
		.init = init_main,
		.observe = observe,
		.arg = &limit,
	};

	return cgrun_probe_run(t, &p);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "oom_counters", .needs = &needs, .faults = faults,
		.outside = outside,
		.no_inside = "it makes the memory cgroup it checks: a container's own "
			     "limits cannot be judged from inside",
	};

	return probe_main(&m, argc, argv);
}
