// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core_cgroup — a memory cgroup made by the runtime core holds its limit:
 * a task that goes over it is OOM-killed (SIGKILL), a task outside it is
 * not, the right counters say so, and the group is gone afterwards.
 *
 * Outside role (this process, root, no CAP_SYS_RESOURCE needed): creates
 * a 16 MiB group (swap closed) with core_cgroup_create(), forks a victim
 * and a bystander, attaches only the victim, and lets it touch 64 MiB.
 * The counters read are the layout's own: v1 memory.failcnt,
 * memory.memsw.failcnt and memory.oom_control, or v2 memory.events; the
 * other version's are skipped with the reason.  The victim and the
 * bystander are fixtures/memhog.h's.
 *
 *   --fault no-limit   the group's limit (1 GiB) is out of the victim's
 *                      reach: no kill, no hit, a peak above 16 MiB (not ok)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixtures/memcounters.h"
#include "fixtures/memhog.h"
#include "fixtures/oomenv.h"
#include "fixtures/probeargs.h"
#include "lib/needs.h"
#include "lib/syncfork.h"
#include "lib/tap.h"
#include "runtime/cgroup.h"

#define MIB MEMHOG_MIB
#define LIMIT MEMHOG_LIMIT	/* 16 MiB; the victim touches 64 MiB */

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 30,
};

/*
 * Two cases, because on v1 with swap accounting two counters can bind.
 * The core sets memory.memsw.limit_in_bytes = memory.limit_in_bytes (swap
 * closed); memsw is then charged and hit first, so memory.failcnt stays 0
 * by design and the hit is counted in memory.memsw.failcnt.  Case "memory"
 * raises memsw by 1 MiB so memory.limit_in_bytes binds (1 MiB of swap
 * cannot save a 64 MiB toucher); case "memory+swap" keeps the core's
 * setting and only applies where memsw exists.
 *
 * Its memsw.failcnt point fails on 6.18: since "page_counter: track
 * failcnt only for legacy cgroups" (2025) only memcg->memory gets
 * track_failcnt, so the v1 memsw (and kmem, tcp) failcnt stay 0 although
 * the limit is hit and the OOM kill happens.  A kernel regression of a
 * documented v1 file: reported as a TODO (visible in every report, and
 * an "ok # TODO" on a kernel that fixes it) rather than failing runs.
 */
enum tcase { MEM = 1, MEMSW = 2 };

static const struct tcase_desc {
	enum tcase id;
	const char *label;
	long long memsw_slack;	/* memsw = limit + slack; < 0: as the core set it */
} tcases[] = {
	{ MEM, "memory limit binds", 1 * MIB },
	{ MEMSW, "memory+swap limit binds", -1 },
};

/* What must hold of each counter once the victim is dead. */
static const struct mc_counter counters[] = {
	{ CG_V1, CG_MEMORY_EVENTS_MAX, MC_NONZERO, "counts hits of the limit", NULL, MEM },
	{ CG_V1, CG_MEMORY_SWAP_FAILCNT, MC_NONZERO, "counts hits of the limit",
	  "kernel bug since 'page_counter: track failcnt only for legacy cgroups': "
	  "only memcg->memory tracks failcnt, memsw stays 0", MEMSW },
	{ CG_V1, CG_MEMORY_EVENTS_OOM_KILL, MC_NONZERO, "counts the kill", NULL, MEM | MEMSW },
	{ CG_V1, CG_MEMORY_UNDER_OOM, MC_ZERO, "is 0 once the victim is gone", NULL, MEM },
	{ CG_V1, CG_MEMORY_PEAK, MC_WITHIN, "stayed within the limit", NULL, MEM },
	{ CG_V2, CG_MEMORY_EVENTS_MAX, MC_NONZERO, "counts hits of the limit", NULL, MEM },
	{ CG_V2, CG_MEMORY_EVENTS_OOM_KILL, MC_NONZERO, "counts the kill", NULL, MEM },
	{ CG_V2, CG_MEMORY_PEAK, MC_WITHIN, "stayed within the limit", NULL, MEM },
};
#define NCOUNTERS (sizeof(counters) / sizeof(counters[0]))
static const struct mc_bounds bounds = { .max = LIMIT };

static const char *const faults[] = { "no-limit", NULL };

/*
 * A victim (memhog_victim: raises its own oom_score_adj, which needs no
 * privilege and makes it the OOM killer's choice in any scope, then
 * touches 64 MiB when told) or a bystander (holds until we hang up), our
 * child on a fresh pair, outside every group until we attach it.
 */
static pid_t spawn(bool victim, int *fd, struct nsp_err *e)
{
	pid_t pid = sync_fork(fd, e);

	if (pid == 0) {
		if (victim)
			_exit(memhog_victim(*fd, MEMHOG_TOUCH));
		memhog_hold(*fd);
		_exit(0);
	}
	return pid;
}

static void check_kill(struct tap *t, const struct tcase_desc *tc,
		       const struct core_cgroup *cg, pid_t vic, int vfd, pid_t by)
{
	int status = -1;

	if (memhog_survived(vfd))
		shutdown(vfd, SHUT_WR);	/* it lived: release it */
	while (waitpid(vic, &status, 0) < 0 && errno == EINTR)
		;
	memhog_expect_sigkill(t, status, "%s: a task touching 64 MiB in a 16 MiB group dies by "
			      "SIGKILL", tc->label);
	tap_expect(t, waitpid(by, &status, WNOHANG) == 0, "alive", "gone",
		   "%s: a task outside the group survives the group's OOM kill", tc->label);
	for (size_t i = 0; i < NCOUNTERS; i++)
		if (counters[i].cases & tc->id)
			mc_check(t, cg, &counters[i], &bounds, tc->label);
}

/* Attach the victim, check it is the only member, let it go. */
static int start_victim(struct tap *t, const struct tcase_desc *tc,
			struct core_cgroup *cg, pid_t vic, int fd, struct nsp_err *e)
{
	char procs[4096], want[16];

	if (memhog_ready(fd, e) < 0 || core_cgroup_attach(cg, vic, e) < 0 ||
	    core_cgroup_get_text(cg, CG_PROCS, procs, sizeof(procs), e) < 0)
		return -1;
	snprintf(want, sizeof(want), "%d", (int)vic);
	tap_expect(t, strcmp(procs, want) == 0, want, procs,
		   "%s: the attached victim is the group's only member", tc->label);
	return memhog_go(fd, e);
}

/* Every point a case would write, skipped: runs stay comparable point by
 * point across kernels (the REPORT.md matrix has a cell for each). */
static void skip_case(struct tap *t, const struct tcase_desc *tc, const char *why)
{
	char desc[160];

	tap_skip(t, why, "%s: the attached victim is the group's only member", tc->label);
	tap_skip(t, why, "%s: a task touching 64 MiB in a 16 MiB group dies by SIGKILL",
		 tc->label);
	tap_skip(t, why, "%s: a task outside the group survives the group's OOM kill",
		 tc->label);
	for (size_t i = 0; i < NCOUNTERS; i++)
		if (counters[i].cases & tc->id)
			tap_skip(t, why, "%s: %s", tc->label,
				 mc_desc(&counters[i], desc, sizeof(desc)));
}

/*
 * Make tc's counter the binding one.  1: go on; 0: the case does not
 * apply here (skip written); -1: *e set.
 */
static int bind_counter(struct tap *t, const struct tcase_desc *tc,
			struct core_cgroup *cg, struct nsp_err *e)
{
	/* the memsw counter exists on v1 with swap accounting only */
	if (!core_cgroup_has(cg, CG_MEMORY_SWAP_FAILCNT)) {
		if (tc->memsw_slack >= 0)
			return 1;	/* no memsw: memory binds anyway */
		skip_case(t, tc, cg->version == CG_V1 ? "no swap accounting (no memory.memsw.*)"
			  : "cgroup v2 has no memory+swap counter");
		return 0;
	}
	if (tc->memsw_slack < 0)
		return 1;
	/* canonical swap: v1 memsw = limit + slack */
	return core_cgroup_set_limit(cg, CG_MEMORY_SWAP_MAX, tc->memsw_slack, e) < 0 ? -1 : 1;
}

static void check_removed(struct tap *t, const struct tcase_desc *tc,
			  struct core_cgroup *cg)
{
	char dir[CORE_CG_PATH_MAX], v2[CORE_CG_PATH_MAX];
	struct nsp_err e = { 0 };

	memcpy(dir, cg->dir, sizeof(dir));
	memcpy(v2, cg->v2_dir, sizeof(v2));
	if (core_cgroup_destroy(cg, &e) < 0) {
		tap_broken(t, &e, "%s: the group is removed afterwards", tc->label);
		return;
	}
	tap_expect(t, access(dir, F_OK) < 0 && errno == ENOENT &&
		   (!v2[0] || (access(v2, F_OK) < 0 && errno == ENOENT)),
		   "no directory", "still there", "%s: the group is removed afterwards",
		   tc->label);
}

/* One case: its own group, victim and bystander; one cleanup path. */
static void run_case(struct tap *t, const struct tcase_desc *tc, long long limit)
{
	struct core_cgroup cg = CORE_CGROUP_INIT;
	struct oomenv env = OOMENV_INIT;
	struct nsp_err e = { 0 };
	pid_t vic = -1, by = -1;
	int vfd = -1, bfd = -1, go;
	char name[40];

	snprintf(name, sizeof(name), "core_cgroup-%d-%d", (int)getpid(), (int)tc->id);
	if (core_cgroup_create(&cg, name, limit, &e) < 0) {
		tap_broken(t, &e, "%s: create a 16 MiB group", tc->label);
		return;
	}
	tap_diag(t, "%s: group %s (cgroup v%d)", tc->label, cg.dir, (int)cg.version);
	oomenv_arm_or_say(&env, t, &cg);
	go = bind_counter(t, tc, &cg, &e);
	if (go > 0 && ((by = spawn(false, &bfd, &e)) < 0 ||
		       (vic = spawn(true, &vfd, &e)) < 0 ||
		       start_victim(t, tc, &cg, vic, vfd, &e) < 0))
		go = -1;
	if (go < 0)
		tap_broken(t, &e, "%s: a task over the limit dies by SIGKILL", tc->label);
	else if (go > 0)
		check_kill(t, tc, &cg, vic, vfd, by);
	/* forward-only cleanup of whatever was started */
	if (vfd >= 0)
		close(vfd);
	if (bfd >= 0)
		close(bfd);	/* the bystander's wait ends with EPIPE */
	if (by > 0)
		waitpid(by, NULL, 0);
	oomenv_disarm(&env, t);
	check_removed(t, tc, &cg);	/* kills the victim first if it still lives */
	if (vic > 0)
		waitpid(vic, NULL, 0);	/* ECHILD once check_kill reaped it */
}

/* Outside role: this process, root; the groups and tasks are its own. */
static int run(struct tap *t, const struct probe_args *a)
{
	for (size_t i = 0; i < sizeof(tcases) / sizeof(tcases[0]); i++)
		run_case(t, &tcases[i], probe_fault(a, "no-limit") ? MEMHOG_NO_LIMIT : LIMIT);
	return tap_done(t);
}

PROBE_MAIN(.name = "core_cgroup", .needs = &needs, .faults = faults, .outside = run,
	   .no_inside = "it checks the runtime core's cgroup calls on groups it makes")
