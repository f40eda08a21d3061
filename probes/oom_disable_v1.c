// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oom_disable_v1 — cgroup v1 memory.oom_control with oom_kill_disable 1:
 * a task over the limit is not killed but stopped, the group reports
 * under_oom 1 and signals the OOM event (cgroup.event_control), and the
 * task goes on when the limit is raised, or dies when it is killed.
 *
 * Outside role (this process, root): per release mode, launches a
 * container (pid, mnt namespaces) in a 16 MiB v1 group with OOM killing
 * disabled, registers an eventfd for memory.oom_control through
 * cgroup.event_control, lets init touch 64 MiB and waits for the event
 * with a bounded poll() (no sleeps), checks the stall, then releases it.
 *
 *   --fault kill-enabled   oom_kill_disable stays 0: the task is killed
 *                          instead, so the stall checks report not ok.
 *   --fault no-limit       the group's limit (1 GiB) is out of the hog's
 *                          reach: no OOM, no event (after the 5 s bound),
 *                          and the stall checks report not ok.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/memhog.h"
#include "lib/needs.h"
#include "fixtures/oomgroup.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

/* A bound on the wait for the OOM event, not a sleep: poll() returns early. */
#define EVENT_TIMEOUT_MS 5000
#define RAISED_LIMIT (128 * MEMHOG_MIB)	/* twice what the hog touches */

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.cgroup = CG_V1,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

enum release { RAISE, KILL };

static const struct tcase {
	enum release how;
	const char *label;
} tcases[] = {
	{ RAISE, "limit raised" },
	{ KILL, "task killed" },
};

static const char *const faults[] = { "kill-enabled", "no-limit", NULL };

/* Container init, pid 1 of its pid ns, in the group: the hog. */
static int victim_main(void *arg, int fd, int members_fd)
{
	(void)arg;
	(void)members_fd;
	return memhog_victim(fd, MEMHOG_TOUCH);
}

static void check_under_oom(struct tap *t, const struct tcase *tc,
			    const struct core_cgroup *cg, long long want, const char *when)
{
	struct nsp_err e = { 0 };
	long long v;

	if (core_cgroup_get(cg, CG_MEMORY_UNDER_OOM, &v, &e) < 0)
		tap_broken(t, &e, "%s: under_oom is %lld %s", tc->label, want, when);
	else
		tap_expect_long(t, (long)want, (long)v, "%s: under_oom is %lld %s",
				tc->label, want, when);
}

/* The stall: the event, the task asleep, under_oom 1, no kill. */
static void check_stall(struct tap *t, const struct tcase *tc,
			struct core_container *c, int efd)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	struct nsp_err e = { 0 };
	long long kills = -1;
	int n = poll(&p, 1, EVENT_TIMEOUT_MS);
	char got[64];
	bool stopped = oomgroup_wait_stopped(c->pid, got, sizeof(got));

	tap_expect(t, n == 1, "eventfd readable", n == 0 ? "no event in 5 s" : "poll error",
		   "%s: the OOM event is signalled through cgroup.event_control", tc->label);
	tap_expect(t, stopped, "state D, SIGKILL not pending", got,
		   "%s: the task over the limit is stopped, not killed", tc->label);
	check_under_oom(t, tc, &c->cg, 1, "while the task is stopped");
	if (oomgroup_kills(&c->cg, &kills, &e) < 0)
		tap_broken(t, &e, "%s: oom_kill stays 0", tc->label);
	else
		tap_expect_long(t, 0, (long)kills, "%s: oom_kill stays 0", tc->label);
}

static int release(const struct tcase *tc, struct core_container *c, struct nsp_err *e)
{
	long long limit;

	if (tc->how == KILL) {
		if (kill(c->pid, SIGKILL) < 0)
			return nsp_err_sys(e, "kill %d", (int)c->pid);
		return 0;
	}
	if (core_cgroup_get(&c->cg, CG_MEMORY_MAX, &limit, e) < 0)
		return -1;
	if (limit >= RAISED_LIMIT)
		return 0;	/* --fault no-limit: nothing holds it */
	return oomgroup_v1_limits(&c->cg, RAISED_LIMIT, 0, e);	/* memsw along */
}

static void observe(struct tap *t, const struct tcase *tc, struct core_container *c,
		    int fd, int efd)
{
	struct nsp_err e = { 0 };
	bool survived;
	char got[64];
	int status;

	if (memhog_ready(fd, &e) < 0 || memhog_go(fd, &e) < 0) {
		tap_broken(t, &e, "%s: start the hog", tc->label);
		return;
	}
	check_stall(t, tc, c, efd);
	if (release(tc, c, &e) < 0) {
		tap_broken(t, &e, "%s: release the stopped task", tc->label);
		return;
	}
	survived = tc->how == RAISE && memhog_survived(fd);
	shutdown(fd, SHUT_WR);
	if (core_wait(c, &status, &e) < 0) {
		tap_broken(t, &e, "%s: the task ends as released", tc->label);
		return;
	}
	memhog_status_str(status, got, sizeof(got));
	if (tc->how == RAISE)
		tap_expect(t, survived && WIFEXITED(status) && WEXITSTATUS(status) == 0,
			   "touched 64 MiB, exit status 0", got,
			   "%s: the stopped task resumes and finishes", tc->label);
	else
		memhog_expect_sigkill(t, status, "%s: the stopped task dies by the SIGKILL "
				      "sent to it", tc->label);
	check_under_oom(t, tc, &c->cg, 0, "after the release");
}

static void run_case(struct tap *t, const struct tcase *tc, const struct probe_args *a)
{
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.memory_limit = probe_fault(a, "no-limit") ? MEMHOG_NO_LIMIT : MEMHOG_LIMIT,
		.init = victim_main,
	};
	struct cgrun r;
	struct nsp_err e = { 0 };
	int efd = -1;

	if (cgrun_start(&r, &p, t, &e) < 0 ||
	    (!probe_fault(a, "kill-enabled") &&
	     core_cgroup_set_limit(&r.c.cg, CG_MEMORY_OOM_KILL_DISABLE, 1, &e) < 0) ||
	    (efd = oomgroup_v1_oom_eventfd(&r.c.cg, &e)) < 0)
		tap_broken(t, &e, "%s: a group with oom_kill_disable 1 and an OOM eventfd",
			   tc->label);
	else
		observe(t, tc, &r.c, r.fd, efd);
	if (efd >= 0)
		close(efd);
	if (cgrun_end(&r, &e) < 0)
		tap_broken(t, &e, "%s: remove the container and its group", tc->label);
}

static int outside(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };

	if (cgrun_clean_stale(&e) < 0)
		return tap_bail_err(t, &e, "setup");
	for (size_t i = 0; i < sizeof(tcases) / sizeof(tcases[0]); i++)
		run_case(t, &tcases[i], a);
	return tap_done(t);
}

PROBE_MAIN(.name = "oom_disable_v1", .needs = &needs, .faults = faults, .outside = outside,
	   .no_inside = CGRUN_NO_INSIDE)
