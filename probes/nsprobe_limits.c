// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsprobe_limits — `nsprobe PID` reports the pids, cpu, cpuset and io
 * limits a container was launched with, and its group's counters, in
 * JSON and in text, under the cgroup file model's names (the same on v1
 * and v2).
 *
 * Outside role (this process, root): launches a container (pid, mnt
 * namespaces) through the runtime core with pids.max PIDS, a CFS quota of
 * QUOTA per PERIOD µs, cpu weight WEIGHT, and where the machine has them,
 * the last CPU as its cpuset and, on a loop device it makes
 * (fixtures/loopdev.h), a write limit of WBPS (else those points skip,
 * with the reason).  Its init holds until the probe hangs up; nsprobe looks at
 * it meanwhile.
 *
 *   --fault no-limits  the container is launched without the limits (its
 *                      group has the controllers only): every limit point
 *                      reports not ok.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "fixtures/cgrun.h"
#include "fixtures/loopdev.h"
#include "fixtures/memhog.h"
#include "fixtures/probeargs.h"
#include "fixtures/runcap.h"
#include "lib/jsonline.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define PIDS 24
#define PERIOD 100000
#define QUOTA 50000
#define WEIGHT 300
#define WBPS (1 << 20)

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWPID | CLONE_NEWNS,
	.controllers = (const char *const[]){ "pids", "cpu", NULL },
	.timeout = 20,
};

static const char *const faults[] = { "no-limits", NULL };

struct want {
	char cpu[16];		/* the cpuset, "" where there is no cpuset controller */
	char why_no_cpuset[256];
	struct loopdev loop;	/* .num < 0: none could be made */
	char why_no_loop[NSP_ERR_MSG_MAX + 64];
};

/* Container init: in the group, holding until the probe hangs up. */
static int init_main(void *arg, int fd, int mfd)
{
	(void)arg, (void)mfd;
	memhog_hold(fd);
	return 0;
}

/* `nsprobe [--json] PID`; its output in c, or -1 (broken said). */
static int run_nsprobe(struct tap *t, pid_t pid, bool json, struct nsp_capture *c)
{
	char bin[4096], spid[16];
	char *argv[] = { bin, json ? "--json" : spid, json ? spid : NULL, NULL };
	struct nsp_err e = { 0 };

	snprintf(spid, sizeof(spid), "%d", (int)pid);
	if (nsp_find_nsprobe(bin, sizeof(bin), &e) < 0 || nsp_run_capture(argv, c, &e) < 0) {
		tap_broken(t, &e, "run nsprobe%s on the container", json ? " --json" : "");
		return -1;
	}
	return 0;
}

static void expect_key(struct tap *t, const char *json, const char *key, const char *want)
{
	char got[64];

	jl_next(json, key, got, sizeof(got));
	tap_expect_str(t, want, got, "JSON: %s is %s", key, want);
}

static void check_json(struct tap *t, const char *json, const struct want *w)
{
	char num[32];
	const char *dev;

	snprintf(num, sizeof(num), "%d", PIDS);
	expect_key(t, json, "pids.max", num);
	expect_key(t, json, "pids.current", "1");
	snprintf(num, sizeof(num), "%d", QUOTA);
	expect_key(t, json, "cpu.max.quota", num);
	snprintf(num, sizeof(num), "%d", PERIOD);
	expect_key(t, json, "cpu.max.period", num);
	snprintf(num, sizeof(num), "%d", WEIGHT);
	expect_key(t, json, "cpu.weight", num);
	if (w->cpu[0])
		expect_key(t, json, "cpuset.cpus.effective", w->cpu);
	else
		tap_skip(t, w->why_no_cpuset, "JSON: cpuset.cpus.effective is the one CPU");
	if (w->loop.num < 0) {
		tap_skip(t, w->why_no_loop, "JSON: io.max.wbps of the loop device");
		return;
	}
	/* the entry of our device: its "dev" line, then its members */
	snprintf(num, sizeof(num), "\"dev\": \"%s\"", w->loop.dev);
	dev = strstr(json, num);
	snprintf(num, sizeof(num), "%d", WBPS);
	expect_key(t, dev ? dev : "", "io.max.wbps", num);
}

static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	const struct want *w = arg;
	struct nsp_capture j, x;
	char line[64];

	(void)fd;
	if (run_nsprobe(t, c->pid, true, &j) < 0)
		return;
	tap_expect_long(t, 0, WIFEXITED(j.status) ? WEXITSTATUS(j.status) : 128,
			"nsprobe --json exits 0 (complete report)");
	check_json(t, j.out, w);
	nsp_capture_free(&j);
	if (run_nsprobe(t, c->pid, false, &x) < 0)
		return;
	snprintf(line, sizeof(line), "max %d, current 1", PIDS);
	tap_expect(t, strstr(x.out, line) != NULL, line, "not in the text",
		   "text: the pids line shows the limit and the one task");
	nsp_capture_free(&x);
}

static int outside(struct tap *t, const struct probe_args *a)
{
	struct want w = { .loop = LOOPDEV_INIT };
	struct cg_limit limits[] = {
		{ CG_PIDS_MAX, PIDS, NULL, NULL }, { CG_CPU_MAX_PERIOD, PERIOD, NULL, NULL },
		{ CG_CPU_MAX_QUOTA, QUOTA, NULL, NULL }, { CG_CPU_WEIGHT, WEIGHT, NULL, NULL },
		{ 0 }, { 0 },	/* the cpuset, the io limit: where there are */
	};
	bool fault = probe_fault(a, "no-limits");
	struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.ctrls = CG_CTRL_BIT(CG_CTRL_PIDS) | CG_CTRL_BIT(CG_CTRL_CPU),
		.limits = limits,
		.nlimits = fault ? 0 : 4,
		.init = init_main,
		.observe = observe,
		.arg = &w,
	};
	struct nsp_err e = { 0 };

	if (need_cgroup(CG_VNONE, (const char *const[]){ "cpuset", NULL }, w.why_no_cpuset,
			sizeof(w.why_no_cpuset))) {
		snprintf(w.cpu, sizeof(w.cpu), "%d", cgrun_cpu(true));
		p.ctrls |= CG_CTRL_BIT(CG_CTRL_CPUSET);
		if (!fault)
			limits[p.nlimits++] = (struct cg_limit){ CG_CPUSET_CPUS, 0, NULL, w.cpu };
	}
	if (loopdev_create(&w.loop, 1 << 20, &e) < 0) {
		snprintf(w.why_no_loop, sizeof(w.why_no_loop), "no block device can be made here: %s",
			 e.msg);
	} else {
		p.ctrls |= CG_CTRL_BIT(CG_CTRL_IO);
		if (!fault)
			limits[p.nlimits++] = (struct cg_limit){ CG_IO_MAX_WBPS, WBPS, w.loop.dev, NULL };
	}
	if (cgrun_clean_stale(&e) < 0)
		tap_broken(t, &e, "remove stale groups");
	else
		cgrun_case(t, &p);
	if (loopdev_destroy(&w.loop, &e) < 0)
		tap_broken(t, &e, "remove the loop device");
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "nsprobe_limits", .needs = &needs, .faults = faults,
		.summary = "nsprobe reports a container's pids, cpu, cpuset and io limits",
		.outside = outside, .no_inside = "it checks nsprobe on a container it launches",
	};

	return probe_main(&m, argc, argv);
}
