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
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/launch.h"
#include "memhog.h"
#include "needs.h"
#include "oomgroup.h"
#include "sync.h"
#include "tap.h"

#define KILLS 2
enum { STEP_GO = 1 };

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

enum want { EQ_KILLS, NONZERO, ZERO, WITHIN_LIMIT };

static const struct counter {
	enum cg_version version;
	const char *file;
	const char *key;	/* NULL: a single-value file */
	enum want want;
	const char *desc;
} counters[] = {
	{ CG_V1, "memory.oom_control", "oom_kill", EQ_KILLS,
	  "v1 memory.oom_control oom_kill counts each kill" },
	{ CG_V1, "memory.failcnt", NULL, NONZERO, "v1 memory.failcnt counts hits of the limit" },
	{ CG_V1, "memory.oom_control", "under_oom", ZERO,
	  "v1 memory.oom_control under_oom returns to 0 after the kill" },
	{ CG_V1, "memory.max_usage_in_bytes", NULL, WITHIN_LIMIT,
	  "v1 memory.max_usage_in_bytes stays within the limit (+1 MiB slack)" },
	{ CG_V2, "memory.events", "oom_kill", EQ_KILLS, "v2 memory.events oom_kill counts each kill" },
	{ CG_V2, "memory.events", "max", NONZERO, "v2 memory.events max counts hits of the limit" },
	{ CG_V2, "memory.events", "oom", NONZERO, "v2 memory.events oom counts the OOM events" },
	{ CG_V2, "memory.peak", NULL, WITHIN_LIMIT,
	  "v2 memory.peak stays within memory.max (+1 MiB slack)" },
};

static bool fault_no_limit;

/* Container init: pid 1 of its pid ns, in the group; runs the victims. */
static int init_main(void *arg)
{
	int fd = nsp_sync_side(arg, NSP_SYNC_CHILD), statuses[KILLS];
	struct nsp_err e;
	char c;

	if (nsp_sync_wait(fd, STEP_GO, &e) < 0 ||
	    memhog_run_victims(MEMHOG_TOUCH, statuses, KILLS, &e) < 0 ||
	    nsp_sync_send(fd, statuses, sizeof(statuses), &e) < 0)
		return 2;
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;		/* held until the probe has read the counters */
	return 0;
}

/* v1 with memsw: let memory.limit_in_bytes bind (see the top). */
static int let_memory_bind(struct core_cgroup *cg, struct nsp_err *e)
{
	char value[32];
	long long memsw;

	if (cg->version != CG_V1)
		return 0;
	if (core_cgroup_read_value(cg, "memory.memsw.limit_in_bytes", &memsw, e) < 0)
		return e->errnum == ENOENT ? 0 : -1;
	snprintf(value, sizeof(value), "%lld", (fault_no_limit ? MEMHOG_NO_LIMIT
						: MEMHOG_LIMIT) + MEMHOG_MIB);
	return core_cgroup_set(cg, "memory.memsw.limit_in_bytes", value, e);
}

static bool holds(enum want w, long long v, char *want, size_t len)
{
	const long long max = MEMHOG_LIMIT + MEMHOG_PEAK_SLACK;

	switch (w) {
	case EQ_KILLS:
		snprintf(want, len, "== %d", KILLS);
		return v == KILLS;
	case NONZERO:
		snprintf(want, len, "> 0");
		return v > 0;
	case ZERO:
		snprintf(want, len, "0");
		return v == 0;
	case WITHIN_LIMIT:
		snprintf(want, len, "<= %lld", max);
		return v <= max;
	}
	return false;
}

static void check_counter(struct tap *t, const struct core_cgroup *cg,
			  const struct counter *c)
{
	struct nsp_err e = { 0 };
	char why[256], want[48], got[32];
	long long v;
	int rc;

	if (!need_cgroup(c->version, (const char *const[]){ "memory", NULL },
			 why, sizeof(why))) {
		tap_skip(t, why, "%s", c->desc);
		return;
	}
	rc = c->key ? core_cgroup_read_key(cg, c->file, c->key, &v, &e)
		    : core_cgroup_read_value(cg, c->file, &v, &e);
	if (rc < 0 && (e.errnum == ENOENT || e.errnum == ENODATA)) {
		snprintf(why, sizeof(why), "this kernel has no %s%s%s", c->file,
			 c->key ? " key " : "", c->key ? c->key : "");
		tap_skip(t, why, "%s", c->desc);
	} else if (rc < 0) {
		tap_broken(t, &e, "%s", c->desc);
	} else {
		snprintf(got, sizeof(got), "%lld", v);
		tap_expect(t, holds(c->want, v, want, sizeof(want)), want, got, "%s", c->desc);
	}
}

static void observe(struct tap *t, struct core_container *c, int fd)
{
	int statuses[KILLS], status;
	struct nsp_err e = { 0 };
	char got[64];

	if (let_memory_bind(&c->cg, &e) < 0 || nsp_sync_wake(fd, STEP_GO, &e) < 0 ||
	    nsp_sync_recv(fd, statuses, sizeof(statuses), &e) < 0) {
		tap_broken(t, &e, "run %d victims in the group", KILLS);
		return;
	}
	for (int i = 0; i < KILLS; i++)
		tap_expect(t, memhog_killed_by(statuses[i], SIGKILL), "killed by signal 9 (KILL)",
			   memhog_status_str(statuses[i], got, sizeof(got)),
			   "victim %d of %d dies by SIGKILL", i + 1, KILLS);
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		check_counter(t, &c->cg, &counters[i]);
	shutdown(fd, SHUT_WR);	/* release init */
	if (core_wait(c, &status, &e) < 0)
		tap_broken(t, &e, "the group's init survives its children's kills");
	else
		tap_expect(t, WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status 0",
			   memhog_status_str(status, got, sizeof(got)),
			   "the group's init (oom_score_adj 0) survives its children's kills");
}

static int run(struct tap *t)
{
	struct core_container c = CORE_CONTAINER_INIT;
	struct nsp_sync s = { { -1, -1 } };
	struct nsp_err e = { 0 };
	struct core_spec spec = {
		.namespaces = needs.namespaces,
		.memory_limit = fault_no_limit ? MEMHOG_NO_LIMIT : MEMHOG_LIMIT,
		.fn = init_main,
		.arg = &s,
	};

	if (oomgroup_clean_stale(&e) < 0 || nsp_sync_open(&s, &e) < 0 ||
	    core_launch(&spec, &c, &e) < 0)
		tap_broken(t, &e, "launch a container in a 16 MiB memory group");
	else
		observe(t, &c, nsp_sync_side(&s, NSP_SYNC_PARENT));
	nsp_sync_close(&s);
	if (core_destroy(&c, &e) < 0)
		tap_broken(t, &e, "remove the container and its group");
	return tap_done(t);
}

int main(int argc, char **argv)
{
	struct tap t;
	int rc;

	if (argc == 3 && strcmp(argv[1], "--fault") == 0 && strcmp(argv[2], "no-limit") == 0) {
		fault_no_limit = true;
	} else if (argc != 1) {
		fprintf(stderr, "usage: oom_counters [--fault no-limit]\n");
		return 64;
	}
	rc = probe_start(&t, &needs);
	if (rc >= 0)
		return rc;
	return run(&t);
}
