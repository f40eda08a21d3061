// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oom_bystander — a memory cgroup's OOM kill stays inside the group: a
 * task outside it that allocates at the same time survives, and so does
 * the probe itself (it is never the victim).
 *
 * Outside role (this process, root without CAP_SYS_RESOURCE, so nobody's
 * oom_score_adj is lowered; the victim raises its own to 1000):
 *   - forks a bystander, in no group of ours, that touches 64 MiB;
 *   - launches a container (pid, mnt namespaces) in a 16 MiB group whose
 *     init touches 64 MiB at the same time;
 *   - checks that the victim died by SIGKILL, the bystander got through
 *     all its pages and exits normally, the one kill was charged to the
 *     limited group and none to the probe's own memory group, and the
 *     probe's oom_score_adj never changed and stays below the victim's.
 *     (Run it from a shell with oom_score_adj 1000, or inside a small
 *     memory group of its own, to see those two checks report not ok.)
 *
 *   --fault no-limit          the group's limit (1 GiB) is out of the hog's
 *                             reach: the kill checks report not ok.
 *   --fault bystander-inside  the bystander is put into the limited group
 *                             too: it must then be killed, and the
 *                             survival check reports not ok.
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

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

static bool fault_no_limit, fault_inside;

struct side {
	struct nsp_sync s;
	int fd;
	pid_t pid;
	int status;
	bool survived;
};

/* The probe's own state before the OOM, to compare afterwards. */
struct self {
	long adj;
	long long kills;
	struct nsp_err kills_err;	/* set when its group has no counter */
};

/* Container init, in its own pid and mnt namespaces and the 16 MiB group. */
static int victim_main(void *arg)
{
	struct side *v = arg;

	return memhog_victim(nsp_sync_side(&v->s, NSP_SYNC_CHILD), MEMHOG_TOUCH);
}

/* Bystander: a plain child of the probe, in the probe's own cgroups. */
static int start_bystander(struct side *b, struct nsp_err *e)
{
	if (nsp_sync_open(&b->s, e) < 0)
		return -1;
	fflush(stdout);
	b->pid = fork();
	if (b->pid < 0)
		return nsp_err_sys(e, "fork bystander");
	if (b->pid == 0)
		_exit(memhog_bystander(nsp_sync_side(&b->s, NSP_SYNC_CHILD), MEMHOG_TOUCH));
	b->fd = nsp_sync_side(&b->s, NSP_SYNC_PARENT);
	return 0;
}

/* Both allocate at once; then each says whether it got through. */
static int race(struct core_container *c, struct side *v, struct side *b,
		struct nsp_err *e)
{
	if (memhog_ready(v->fd, e) < 0 || memhog_ready(b->fd, e) < 0)
		return -1;
	if (fault_inside && core_cgroup_attach(&c->cg, b->pid, e) < 0)
		return -1;
	if (memhog_go(v->fd, e) < 0 || memhog_go(b->fd, e) < 0)
		return -1;
	b->survived = memhog_survived(b->fd);
	v->survived = memhog_survived(v->fd);
	/* release both: their hold ends with end-of-file */
	shutdown(b->fd, SHUT_WR);
	shutdown(v->fd, SHUT_WR);
	while (waitpid(b->pid, &b->status, 0) < 0)
		if (errno != EINTR)
			return nsp_err_sys(e, "wait for the bystander");
	b->pid = 0;
	return core_wait(c, &v->status, e);
}

static void check_self(struct tap *t, const struct self *before)
{
	struct nsp_err e = { 0 };
	char want[64], got[32];
	long long kills;
	long adj;

	if (before->kills_err.msg[0] && before->kills_err.errnum == ENOENT)
		tap_skip(t, "the probe's memory group has no oom_kill counter (v2 root)",
			 "no OOM kill was charged to the probe's own memory group");
	else if (before->kills_err.msg[0] || oomgroup_kills_of(0, &kills, &e) < 0)
		tap_broken(t, before->kills_err.msg[0] ? &before->kills_err : &e,
			   "no OOM kill was charged to the probe's own memory group");
	else
		tap_expect_long(t, before->kills, kills,
				"no OOM kill was charged to the probe's own memory group");
	if (memhog_get_adj(0, &adj, &e) < 0) {
		tap_broken(t, &e, "the probe's oom_score_adj stays below the victim's");
		return;
	}
	snprintf(want, sizeof(want), "%ld (unchanged, below %ld)", before->adj,
		 MEMHOG_ADJ_VICTIM);
	snprintf(got, sizeof(got), "%ld", adj);
	tap_expect(t, adj == before->adj && adj < MEMHOG_ADJ_VICTIM, want, got,
		   "the probe's oom_score_adj stays below the victim's");
}

static void check(struct tap *t, struct core_container *c, const struct side *v,
		  const struct side *b, const struct self *before)
{
	struct nsp_err e = { 0 };
	char got[96], vs[64], bs[64];
	long long kills;

	tap_expect(t, !v->survived && memhog_killed_by(v->status, SIGKILL),
		   "killed by signal 9 (KILL)", memhog_status_str(v->status, vs, sizeof(vs)),
		   "the task over the group's limit is OOM-killed");
	snprintf(got, sizeof(got), "%s, %s", b->survived ? "touched 64 MiB" :
		 "died before touching 64 MiB", memhog_status_str(b->status, bs, sizeof(bs)));
	tap_expect(t, b->survived && WIFEXITED(b->status) && WEXITSTATUS(b->status) == 0,
		   "touched 64 MiB, exit status 0", got,
		   "a task outside the group, allocating at the same time, survives");
	if (oomgroup_kills(&c->cg, &kills, &e) < 0)
		tap_broken(t, &e, "exactly one OOM kill, charged to the limited group");
	else
		tap_expect_long(t, 1, (long)kills,
				"exactly one OOM kill, charged to the limited group");
	check_self(t, before);
}

static int run(struct tap *t)
{
	struct core_container c = CORE_CONTAINER_INIT;
	struct side v = { .s = { { -1, -1 } }, .fd = -1 }, b = v;
	struct nsp_err e = { 0 };
	struct self before = { 0 };
	struct core_spec spec = {
		.namespaces = needs.namespaces,
		.memory_limit = fault_no_limit ? MEMHOG_NO_LIMIT : MEMHOG_LIMIT,
		.fn = victim_main,
		.arg = &v,
	};

	oomgroup_kills_of(0, &before.kills, &before.kills_err);
	if (oomgroup_clean_stale(&e) < 0 || memhog_get_adj(0, &before.adj, &e) < 0 ||
	    start_bystander(&b, &e) < 0 || nsp_sync_open(&v.s, &e) < 0 ||
	    core_launch(&spec, &c, &e) < 0)
		tap_broken(t, &e, "start a bystander and a container in a 16 MiB group");
	else if (v.fd = nsp_sync_side(&v.s, NSP_SYNC_PARENT), race(&c, &v, &b, &e) < 0)
		tap_broken(t, &e, "a task outside the group survives its OOM kill");
	else
		check(t, &c, &v, &b, &before);
	/* one cleanup path for any state: hang up, kill what lives, reap */
	nsp_sync_close(&v.s);
	nsp_sync_close(&b.s);
	if (b.pid > 0) {
		kill(b.pid, SIGKILL);
		waitpid(b.pid, NULL, 0);
	}
	if (core_destroy(&c, &e) < 0)
		tap_broken(t, &e, "remove the container and its group");
	return tap_done(t);
}

int main(int argc, char **argv)
{
	struct tap t;
	int rc;

	if (argc == 3 && strcmp(argv[1], "--fault") == 0 &&
	    (strcmp(argv[2], "no-limit") == 0 || strcmp(argv[2], "bystander-inside") == 0)) {
		fault_no_limit = strcmp(argv[2], "no-limit") == 0;
		fault_inside = !fault_no_limit;
	} else if (argc != 1) {
		fprintf(stderr, "usage: oom_bystander [--fault no-limit|bystander-inside]\n");
		return 64;
	}
	rc = probe_start(&t, &needs);
	if (rc >= 0)
		return rc;
	return run(&t);
}
