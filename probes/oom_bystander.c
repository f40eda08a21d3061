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
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/memhog.h"
#include "lib/needs.h"
#include "fixtures/oomgroup.h"
#include "fixtures/probeargs.h"
#include "lib/sync.h"
#include "lib/tap.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

static const char *const faults[] = { "no-limit", "bystander-inside", NULL };

struct side {
	struct nsp_sync s;	/* the bystander's; the victim's is the skeleton's */
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

struct race {
	bool inside;		/* --fault bystander-inside */
	struct side v, b;
	struct self before;
};

/* Container init, in its own pid and mnt namespaces and the 16 MiB group. */
static int victim_main(void *arg, int fd, int members_fd)
{
	(void)arg;
	(void)members_fd;
	return memhog_victim(fd, MEMHOG_TOUCH);
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

/* Before the launch: the probe's own state, then the bystander. */
static int prepare(void *arg, struct nsp_err *e)
{
	struct race *r = arg;

	oomgroup_kills_of(0, &r->before.kills, &r->before.kills_err);
	if (memhog_get_adj(0, &r->before.adj, e) < 0)
		return -1;
	return start_bystander(&r->b, e);
}

/* Both allocate at once; then each says whether it got through. */
static int race(struct core_container *c, struct side *v, struct side *b, bool inside,
		struct nsp_err *e)
{
	if (memhog_ready(v->fd, e) < 0 || memhog_ready(b->fd, e) < 0)
		return -1;
	if (inside && core_cgroup_attach(&c->cg, b->pid, e) < 0)
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
		   "killed by signal 9 (SIGKILL)", memhog_status_str(v->status, vs, sizeof(vs)),
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

static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	struct race *r = arg;
	struct nsp_err e = { 0 };

	r->v.fd = fd;
	if (race(c, &r->v, &r->b, r->inside, &e) < 0)
		tap_broken(t, &e, "a task outside the group survives its OOM kill");
	else
		check(t, c, &r->v, &r->b, &r->before);
}

static int outside(struct tap *t, const struct probe_args *a)
{
	struct race r = { .inside = probe_fault(a, "bystander-inside"),
			  .v = { .s = { { -1, -1 } }, .fd = -1 },
			  .b = { .s = { { -1, -1 } }, .fd = -1 } };
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.memory_limit = probe_fault(a, "no-limit") ? MEMHOG_NO_LIMIT : MEMHOG_LIMIT,
		.launch_desc = "start a bystander and a container in a 16 MiB group",
		.prepare = prepare,
		.init = victim_main,
		.observe = observe,
		.arg = &r,
	};
	int rc = cgrun_probe_run(t, &p);

	/* the bystander in any state: hang up, kill it if it lives, reap */
	nsp_sync_close(&r.b.s);
	if (r.b.pid > 0) {
		kill(r.b.pid, SIGKILL);
		waitpid(r.b.pid, NULL, 0);
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "oom_bystander", .needs = &needs, .faults = faults,
		.outside = outside,
		.no_inside = "it makes the memory cgroup it checks: a container's own "
			     "limits cannot be judged from inside",
	};

	return probe_main(&m, argc, argv);
}
