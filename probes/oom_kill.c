// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * oom_kill — a container's task that touches more memory than its memory
 * cgroup allows dies by SIGKILL, and its parent outside sees that signal.
 *
 * Outside role (this process, root without CAP_SYS_RESOURCE): launches a
 * container (new pid, mnt, uts, ipc namespaces) in a 16 MiB memory group
 * through the runtime core.  The container's init is the victim: it raises
 * its own oom_score_adj to 1000 and touches 64 MiB page by page.  Before
 * letting it go the outside checks that swap is closed for the group, so
 * that swap cannot turn the expected kill into a pass on machines that
 * have swap (v1: memsw limit == memory limit; v2: memory.swap.max == 0).
 *
 *   --fault no-limit   the group's limit is 1 GiB, beyond the bounded hog:
 *                      the kill checks must report not ok.
 *   --fault open-swap  the outside reopens swap for the group (memsw or
 *                      swap.max unlimited): the swap check must report not ok.
 *   --fault no-raise   the victim leaves its oom_score_adj alone: the adj
 *                      check must report not ok.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>

#include "fixtures/memhog.h"
#include "lib/needs.h"
#include "fixtures/oomgroup.h"
#include "fixtures/probeargs.h"
#include "lib/tap.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC,
	.controllers = (const char *const[]){ "memory", NULL },
	.timeout = 20,
};

static const char *const faults[] = { "no-limit", "open-swap", "no-raise", NULL };

/* Container init, in its own pid/mnt/uts/ipc namespaces and memory group. */
static int victim_main(void *arg, int fd, int members_fd)
{
	(void)members_fd;
	if (probe_fault(arg, "no-raise"))	/* the same hog, minus the raised adj */
		return memhog_bystander(fd, MEMHOG_TOUCH);
	return memhog_victim(fd, MEMHOG_TOUCH);
}

/*
 * The group's swap limit is the model's closed value (canonical swap 0:
 * v1 memsw == the memory limit, v2 memory.swap.max == 0).
 */
static void check_swap_closed(struct tap *t, struct core_cgroup *cg, bool open_swap)
{
	const char *desc = "swap cannot absorb the overage (the group's swap limit closes it)";
	long long closed = cg_file(CG_MEMORY_SWAP_MAX)->closed, got;
	char want[192], have[32], label[96];
	struct nsp_err e = { 0 };

	cg_file_label(CG_MEMORY_SWAP_MAX, cg->version, label, sizeof(label));
	if (!core_cgroup_has(cg, CG_MEMORY_SWAP_MAX)) {
		snprintf(want, sizeof(want), "no %s: %s", label, cg->version == CG_V1 ?
			 "no swap accounting (CONFIG_MEMCG_SWAP off or swapaccount=0)" :
			 "CONFIG_SWAP off");
		tap_skip(t, want, "%s", desc);
		return;
	}
	if ((open_swap && core_cgroup_set_limit(cg, CG_MEMORY_SWAP_MAX, CG_UNLIMITED, &e) < 0) ||
	    core_cgroup_get(cg, CG_MEMORY_SWAP_MAX, &got, &e) < 0) {
		tap_broken(t, &e, "%s", desc);
		return;
	}
	snprintf(want, sizeof(want), "%s allows %lld bytes of swap", label, closed);
	if (got == CG_UNLIMITED)
		snprintf(have, sizeof(have), "unlimited");
	else
		snprintf(have, sizeof(have), "%lld", got);
	tap_expect(t, got == closed, want, have, "%s", desc);
}

/* Everything between a successful launch and the teardown. */
static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	struct nsp_err e = { 0 };
	bool survived;
	int status;
	long adj;

	if (memhog_ready(fd, &e) < 0 || memhog_get_adj(c->pid, &adj, &e) < 0) {
		tap_broken(t, &e, "the victim raised its oom_score_adj to 1000");
		return;
	}
	tap_expect_long(t, MEMHOG_ADJ_VICTIM, adj,
			"the victim raised its oom_score_adj to 1000 (seen from outside)");
	check_swap_closed(t, &c->cg, probe_fault(arg, "open-swap"));
	if (memhog_go(fd, &e) < 0) {
		tap_broken(t, &e, "a task over its group's limit dies by SIGKILL");
		return;
	}
	survived = memhog_survived(fd);
	tap_expect(t, !survived, "the victim dies before touching 64 MiB",
		   "it touched all 64 MiB and lived",
		   "a task cannot touch 4x its group's 16 MiB limit");
	if (survived)
		shutdown(fd, SHUT_WR);	/* release it: its hold ends with EOF */
	if (core_wait(c, &status, &e) < 0) {
		tap_broken(t, &e, "a task over its group's limit dies by SIGKILL");
		return;
	}
	memhog_expect_sigkill(t, status,
			      "a task over its group's limit dies by SIGKILL, seen by its parent");
}

static int outside(struct tap *t, const struct probe_args *a)
{
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.memory_limit = probe_fault(a, "no-limit") ? MEMHOG_NO_LIMIT : MEMHOG_LIMIT,
		.init = victim_main,
		.observe = observe,
		.arg = (void *)a,
	};

	return cgrun_probe_run(t, &p);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "oom_kill", .needs = &needs, .faults = faults,
		.outside = outside,
		.no_inside = "it makes the memory cgroup it checks: a container's own "
			     "limits cannot be judged from inside",
	};

	return probe_main(&m, argc, argv);
}
