// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cpu_weight — two busy containers on one CPU whose groups have weights
 * 1:3 (v2 cpu.weight 100 and 300, v1 cpu.shares 1024 and 3072) split the
 * CPU 1:3, measured from the groups' own usage.
 *
 * Outside role (this process, root): launches two containers (pid, mnt
 * namespaces), each in a group of its own under the run's group, so the
 * two are siblings.  Each init pins itself to the same CPU (the last one
 * we may use; cpu_quota takes the first) and waits; on GO both burn CPU: the heavy one until it has
 * BURN_US of its own CPU time, the light one until the probe hangs up.
 * The heavy one reports at MARK_US, once both run, and at BURN_US; the
 * outside reads both groups' usage (cpu.stat usage_usec, v1 cpuacct.usage)
 * and the time at each report, and judges what they got in between.
 * Other load on that CPU takes from both alike (CFS splits the run's group
 * between its children by weight), but when it takes most of the CPU the
 * split is coarse: out of tolerance while the pair got less than
 * BUSY_PERMILLE of the CPU in the window is measured again with new
 * containers, ATTEMPTS times at most, then broken, with the figures.
 *
 *   --fault equal      both groups keep the default weight: the split is
 *                      1:1 and the check reports not ok.
 */
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <time.h>

#include "fixtures/cgrun.h"
#include "fixtures/memhog.h"
#include "fixtures/probeargs.h"
#include "lib/file.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define LIGHT 100
#define HEAVY 300
#define MARK_US 30000LL		/* the heavy container's CPU time at the marks */
#define BURN_US 180000LL
#define TOL_PERMILLE 50		/* light share of the total: 250‰ ± this */
#define BUSY_PERMILLE 800	/* the pair's share of the CPU below which the
				   host was too busy to judge */
#define ATTEMPTS 3		/* measurements before too busy is broken */
enum { STEP_GO = 1 };

static const struct probe_needs needs = CGRUN_NEEDS("cpu");

static const char *const faults[] = { "equal", NULL };

struct side {
	bool heavy;
	int cpu;		/* the one both are pinned to */
	struct cgrun r;
	struct cgrun_probe p;
	struct cg_limit weight;
};

/* Until the probe hangs up: a look at the socket now and then. */
static bool released(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) != 0;
}

/* Container init, in its group: pin, wait, burn. */
static int init_main(void *arg, int fd, int mfd)
{
	const struct side *s = arg;
	long long c0, used = 0;
	struct nsp_err e;

	(void)mfd;
	if (cgrun_pin(s->cpu, &e) < 0 || nsp_sync_wait(fd, STEP_GO, &e) < 0)
		return 2;
	c0 = cgrun_clock_us(CLOCK_PROCESS_CPUTIME_ID);
	if (!s->heavy)
		while (!released(fd))
			;
	/* at each mark: its CPU time (the outside compares the two marks) */
	for (long long mark = MARK_US; s->heavy && mark <= BURN_US; mark += BURN_US - MARK_US) {
		while ((used = cgrun_clock_us(CLOCK_PROCESS_CPUTIME_ID)) - c0 < mark)
			;
		if (nsp_sync_send(fd, &used, sizeof(used), &e) < 0)
			return 2;
	}
	memhog_hold(fd);
	return 0;
}

/*
 * At one of the heavy one's reports: its CPU time as it reported it, both
 * usages, its CPU time again after those reads (it burns on after the
 * first report: on a slow or busy machine the reads come well after it),
 * and the time.  heavy_after is -1 where /proc/PID/schedstat is missing
 * (CONFIG_SCHED_INFO off).
 */
struct mark {
	long long heavy_cpu, heavy_after, light, heavy, wall;
};

/* A task's CPU time from outside: /proc/PID/schedstat's first field, ns. */
static long long task_cpu_us(pid_t pid)
{
	char path[64], line[128];
	struct nsp_err ignored;
	long long ns;

	snprintf(path, sizeof(path), "/proc/%d/schedstat", (int)pid);
	if (nsp_read_line(path, line, sizeof(line), &ignored) < 0 || sscanf(line, "%lld", &ns) != 1)
		return -1;
	return ns / 1000;
}

static int take_mark(struct side *s, struct mark *m, struct nsp_err *e)
{
	if (nsp_sync_recv(s[1].r.fd, &m->heavy_cpu, sizeof(m->heavy_cpu), e) < 0 ||
	    core_cgroup_get(&s[0].r.c.cg, CG_CPU_USAGE, &m->light, e) < 0 ||
	    core_cgroup_get(&s[1].r.c.cg, CG_CPU_USAGE, &m->heavy, e) < 0)
		return -1;
	m->heavy_after = task_cpu_us(s[1].r.c.pid);
	m->wall = cgrun_clock_us(CLOCK_MONOTONIC);
	return 0;
}

/*
 * What the window between the two marks gave each group.  The heavy
 * task's CPU time over the window is bracketed: at least from its first
 * reading after the usages at m0 to its report at m1, at most from its
 * report at m0 to its reading after the usages at m1 (the group's usage
 * was read in between, both times).  Without schedstat: its reports.
 */
struct split {
	long long light, heavy, heavy_lo, heavy_hi, wall;
	long long share, busy;	/* light of the pair, pair of the CPU: per mille */
};

static struct split split_of(const struct mark *m0, const struct mark *m1)
{
	bool bracket = m0->heavy_after >= 0 && m1->heavy_after >= 0;
	struct split x = {
		.light = m1->light - m0->light, .heavy = m1->heavy - m0->heavy,
		.heavy_lo = m1->heavy_cpu - (bracket ? m0->heavy_after : m0->heavy_cpu),
		.heavy_hi = (bracket ? m1->heavy_after : m1->heavy_cpu) - m0->heavy_cpu,
		.wall = m1->wall - m0->wall,
	};

	x.share = x.light + x.heavy ? x.light * 1000 / (x.light + x.heavy) : 0;
	x.busy = x.wall > 0 ? (x.light + x.heavy) * 1000 / x.wall : 0;
	return x;
}

static bool near(const struct split *x)
{
	return x->share >= 250 - TOL_PERMILLE && x->share <= 250 + TOL_PERMILLE;
}

/* Off, while others took the CPU: the host's doing, not the weights'. */
static bool too_busy(const struct split *x)
{
	return !near(x) && x->busy < BUSY_PERMILLE;
}

static void check_split(struct tap *t, const struct split *x)
{
	struct nsp_err noise = { 0 };
	char exp[64], got[128];

	snprintf(exp, sizeof(exp), "light share 250‰ ± %d‰", TOL_PERMILLE);
	snprintf(got, sizeof(got), "%lld‰ (light %lld µs, heavy %lld µs)", x->share, x->light,
		 x->heavy);
	if (too_busy(x)) {
		nsp_err_set(&noise, 0, "host too busy to judge (%d tries): the pair had %lld‰ of "
			    "CPU, light share %lld‰", ATTEMPTS, x->busy, x->share);
		tap_broken(t, &noise, "outside: the groups' usage splits 1:3 like their weights");
	} else {
		tap_expect(t, near(x), exp, got,
			   "outside: the groups' usage splits 1:3 like their weights");
	}
	snprintf(exp, sizeof(exp), "%lld..%lld µs ± 10%%", x->heavy_lo, x->heavy_hi);
	snprintf(got, sizeof(got), "%lld µs", x->heavy);
	tap_expect(t, x->heavy * 100 >= x->heavy_lo * 90 && x->heavy * 100 <= x->heavy_hi * 110,
		   exp, got, "both sides agree: the heavy group's usage is its task's CPU time");
}

static int start(struct side *s, long long weight, bool equal, int cpu, struct nsp_err *e)
{
	s->cpu = cpu;
	s->weight = (struct cg_limit){ CG_CPU_WEIGHT, weight, NULL, NULL };
	s->p = (struct cgrun_probe){
		.namespaces = needs.namespaces, .ctrls = CG_CTRL_BIT(CG_CTRL_CPU),
		.limits = &s->weight, .nlimits = !equal, .init = init_main, .arg = s,
	};
	return cgrun_start(&s->r, &s->p, NULL, e);
}

/* Two new containers, both burning, the marks, the teardown; 0 or -1 (broken said). */
static int measure(struct tap *t, bool equal, int cpu, struct split *x)
{
	struct side s[2] = { { .heavy = false }, { .heavy = true } };
	struct nsp_err e = { 0 };
	struct mark m0, m1;
	int rc = 0;

	if (start(&s[0], LIGHT, equal, cpu, &e) < 0 || start(&s[1], HEAVY, equal, cpu, &e) < 0 ||
	    nsp_sync_wake(s[0].r.fd, STEP_GO, &e) < 0 ||
	    nsp_sync_wake(s[1].r.fd, STEP_GO, &e) < 0 ||
	    take_mark(s, &m0, &e) < 0 || take_mark(s, &m1, &e) < 0) {
		tap_broken(t, &e, "two busy containers on CPU %d, weights 1:3", cpu);
		rc = -1;
	}
	for (int i = 0; i < 2; i++)
		if (s[i].r.p && cgrun_end(&s[i].r, &e) < 0) {
			tap_broken(t, &e, "remove the containers and their groups");
			rc = -1;
		}
	if (rc == 0) {
		*x = split_of(&m0, &m1);
		tap_diag(t, "measured: light %lld µs, heavy %lld µs in %lld µs: light share %lld‰ "
			 "(want 250‰), the pair had %lld‰ of the CPU", x->light, x->heavy, x->wall,
			 x->share, x->busy);
	}
	return rc;
}

/* A measurement while the host was too busy is taken again, ATTEMPTS times at most. */
static int outside(struct tap *t, const struct probe_args *a)
{
	struct nsp_err e = { 0 };
	struct split x;

	if (cgrun_clean_stale(&e) < 0)
		return tap_bail_err(t, &e, "remove stale groups");
	for (int i = 1; i <= ATTEMPTS; i++) {
		if (measure(t, probe_fault(a, "equal"), cgrun_cpu(true), &x) < 0)
			return tap_done(t);
		if (!too_busy(&x))
			break;
		if (i < ATTEMPTS)
			tap_diag(t, "try %d too busy to judge: measuring again", i);
	}
	check_split(t, &x);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "cpu_weight", .needs = &needs, .faults = faults,
		.summary = "cpu.weight / cpu.shares 1:3 split one CPU 1:3",
		.outside = outside, .no_inside = CGRUN_NO_INSIDE,
	};

	return probe_main(&m, argc, argv);
}
