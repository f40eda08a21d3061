// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cpu_quota — CFS bandwidth: a busy container whose group has a quota of
 * QUOTA µs per PERIOD µs (v2 cpu.max, v1 cpu.cfs_quota_us and
 * cfs_period_us) gets no more than that share of a CPU, and the group's
 * own counters say so: its usage stays within nr_periods × quota, it was
 * throttled, and its usage is what its task burnt.
 *
 * Outside role (this process, root): launches a container (pid, mnt
 * namespaces) in a group with the quota.  Its init pins itself to the
 * first CPU we may use (cpu_weight takes the last, so that the two, run at
 * once, leave each other alone).  On GO it burns BURN_US of
 * its own CPU time (clock_gettime CLOCK_PROCESS_CPUTIME_ID, no sleeps:
 * how long that takes is what the quota decides) and sends the CPU time
 * and the wall time it took.  The outside reads the group's cpu.stat
 * (usage from cpuacct.usage on v1) before GO and after, and judges what
 * the group gained in between.
 *
 * Tolerances (measured on the 2-core hybrid 6.18 host, see the README):
 * the share may exceed quota/period by TOL_PCT percent (the burn starts
 * part-way into a period with a whole quota: up to one quota in
 * BURN_US/QUOTA early, plus a tick's overrun, repaid in the next period).
 * A share below quota/period × (1 - TOL_PCT%) is the host's doing when
 * the group was throttled in fewer than NOISY_PCT percent of its whole
 * periods (the last one is cut short by the end of the burn): in the
 * others it was runnable but did not get the CPU to use its quota.  Such
 * a measurement is taken again with a new container, ATTEMPTS times at
 * most; then it is broken, with the measured figures, never a kernel
 * failure.
 *
 *   --fault no-quota   cpu.max stays "max": the container runs unthrottled
 *                      and the quota checks report not ok.
 */
#include <stdio.h>
#include <time.h>

#include "fixtures/cgrun.h"
#include "fixtures/memhog.h"
#include "fixtures/probeargs.h"
#include "lib/needs.h"
#include "lib/tap.h"

#define PERIOD 50000LL		/* µs */
#define QUOTA 12500LL		/* µs: a quarter of a CPU */
#define BURN_US 200000LL	/* CPU time the container burns: 16 quotas */
#define TOL_PCT 15
#define NOISY_PCT 90
#define ATTEMPTS 3		/* measurements before too noisy is broken */
enum { STEP_GO = 1 };

static const struct probe_needs needs = CGRUN_NEEDS("cpu");

static const char *const faults[] = { "no-quota", NULL };

/* What init measured of itself. */
struct burnt {
	long long cpu_us, wall_us;
};

/* The group's counters. */
struct stat_after {
	long long usage, periods, throttled_n, throttled_us;
};

/* One measurement: a container's burn and what its group counted. */
struct attempt {
	int cpu;		/* to pin init to */
	bool measured;
	struct burnt b;
	struct stat_after s;
};

/* Container init, in the group: on its CPU, burn BURN_US of CPU, say how long it took. */
static int init_main(void *arg, int fd, int mfd)
{
	long long c0, w0;
	struct burnt b;
	struct nsp_err e;

	(void)mfd;
	if (cgrun_pin(((const struct attempt *)arg)->cpu, &e) < 0 || nsp_sync_wait(fd, STEP_GO, &e) < 0)
		return 2;
	c0 = cgrun_clock_us(CLOCK_PROCESS_CPUTIME_ID);
	w0 = cgrun_clock_us(CLOCK_MONOTONIC);
	while ((b.cpu_us = cgrun_clock_us(CLOCK_PROCESS_CPUTIME_ID) - c0) < BURN_US)
		;
	b.wall_us = cgrun_clock_us(CLOCK_MONOTONIC) - w0;
	if (nsp_sync_send(fd, &b, sizeof(b), &e) < 0)
		return 2;
	memhog_hold(fd);
	return 0;
}

/* What the counters gained since `base` (NULL: since the group was made). */
static int read_stat(const struct core_cgroup *cg, const struct stat_after *base,
		     struct stat_after *s, struct nsp_err *e)
{
	if (core_cgroup_get(cg, CG_CPU_USAGE, &s->usage, e) < 0 ||
	    core_cgroup_get(cg, CG_CPU_NR_PERIODS, &s->periods, e) < 0 ||
	    core_cgroup_get(cg, CG_CPU_NR_THROTTLED, &s->throttled_n, e) < 0 ||
	    core_cgroup_get(cg, CG_CPU_THROTTLED, &s->throttled_us, e) < 0)
		return -1;
	if (base) {
		s->usage -= base->usage;
		s->periods -= base->periods;
		s->throttled_n -= base->throttled_n;
		s->throttled_us -= base->throttled_us;
	}
	return 0;
}

/* Share of a CPU in per mille. */
static long long permille(long long part, long long whole)
{
	return whole > 0 ? part * 1000 / whole : 0;
}

/*
 * Too little CPU, and the host's doing: the group was not throttled in
 * most whole periods (the last one ends with the burn), so it was runnable
 * but did not get the CPU to use its quota.
 */
static bool too_noisy(const struct attempt *m)
{
	long long share = permille(m->b.cpu_us, m->b.wall_us), want = permille(QUOTA, PERIOD);
	long long whole = m->s.periods - 1;

	return share < want * (100 - TOL_PCT) / 100 &&
	       (whole <= 0 || m->s.throttled_n * 100 / whole < NOISY_PCT);
}

/* Both bounds of the share; too little on a noisy host is broken, with the figures. */
static void check_share(struct tap *t, const struct attempt *m)
{
	long long share = permille(m->b.cpu_us, m->b.wall_us), want = permille(QUOTA, PERIOD);
	long long hi = want * (100 + TOL_PCT) / 100, lo = want * (100 - TOL_PCT) / 100;
	struct nsp_err noise = { 0 };
	char exp[64], got[96];

	snprintf(got, sizeof(got), "%lld‰: %lld µs of CPU in %lld µs", share, m->b.cpu_us,
		 m->b.wall_us);
	snprintf(exp, sizeof(exp), "<= %lld‰ (quota %lld‰ + %d%%)", hi, want, TOL_PCT);
	tap_expect(t, share <= hi, exp, got,
		   "inside: the busy container gets at most its quota of a CPU");
	if (too_noisy(m)) {
		nsp_err_set(&noise, 0, "host too noisy to measure (%d tries): share %lld‰ of "
			    "%lld‰, throttled in only %lld of %lld periods", ATTEMPTS, share, want,
			    m->s.throttled_n, m->s.periods);
		tap_broken(t, &noise, "inside: the busy container gets its quota");
		return;
	}
	snprintf(exp, sizeof(exp), ">= %lld‰ (quota %lld‰ - %d%%)", lo, want, TOL_PCT);
	tap_expect(t, share >= lo, exp, got, "inside: the busy container gets its quota");
}

static void check(struct tap *t, const struct attempt *m)
{
	const struct stat_after *s = &m->s;
	char exp[96], got[96];

	check_share(t, m);
	snprintf(exp, sizeof(exp), "<= %lld periods × %lld µs", s->periods, QUOTA);
	snprintf(got, sizeof(got), "%lld µs", s->usage);
	tap_expect(t, s->usage <= s->periods * QUOTA * (100 + TOL_PCT) / 100, exp, got,
		   "outside: the group's usage stays within nr_periods × quota");
	snprintf(got, sizeof(got), "%lld of %lld periods, %lld µs", s->throttled_n, s->periods,
		 s->throttled_us);
	tap_expect(t, s->throttled_n > 0 && s->throttled_us > 0, "throttled", got,
		   "outside: the group was throttled (nr_throttled, throttled_usec)");
	/* init is the group's only task */
	snprintf(exp, sizeof(exp), "%lld µs ± 10%%", m->b.cpu_us);
	snprintf(got, sizeof(got), "%lld µs", s->usage);
	tap_expect(t, s->usage * 100 >= m->b.cpu_us * 90 && s->usage * 100 <= m->b.cpu_us * 110,
		   exp, got, "both sides agree: the group's usage is its task's CPU time");
}

/* The measuring, between launch and teardown; the judging comes after. */
static void observe(struct tap *t, struct core_container *c, int fd, void *arg)
{
	struct attempt *m = arg;
	struct nsp_err e = { 0 };
	struct stat_after s0;

	/* the window is the burn: init's setup (before it joined the group on v1) is not */
	if (read_stat(&c->cg, NULL, &s0, &e) < 0 || nsp_sync_wake(fd, STEP_GO, &e) < 0 ||
	    nsp_sync_recv(fd, &m->b, sizeof(m->b), &e) < 0 ||
	    read_stat(&c->cg, &s0, &m->s, &e) < 0) {
		tap_broken(t, &e, "a busy container in a group with a CPU quota");
		return;
	}
	m->measured = true;
	tap_diag(t, "measured: %lld µs of CPU in %lld µs (%lld‰, quota %lld‰); group usage %lld µs "
		 "in %lld periods, throttled in %lld for %lld µs", m->b.cpu_us, m->b.wall_us,
		 permille(m->b.cpu_us, m->b.wall_us), permille(QUOTA, PERIOD), m->s.usage,
		 m->s.periods, m->s.throttled_n, m->s.throttled_us);
}

/* A new container for each try; a noisy measurement is taken again, at most ATTEMPTS times. */
static int outside(struct tap *t, const struct probe_args *a)
{
	const struct cg_limit limits[] = {
		{ CG_CPU_MAX_PERIOD, PERIOD, NULL, NULL },
		{ CG_CPU_MAX_QUOTA, QUOTA, NULL, NULL },
	};
	struct attempt m = { .cpu = cgrun_cpu(false) };	/* cpu_weight takes the last */
	const struct cgrun_probe p = {
		.namespaces = needs.namespaces,
		.ctrls = CG_CTRL_BIT(CG_CTRL_CPU),
		.limits = limits,
		.nlimits = probe_fault(a, "no-quota") ? 0 : 2,
		.init = init_main,
		.observe = observe,
		.arg = &m,
	};
	struct nsp_err e = { 0 };

	if (cgrun_clean_stale(&e) < 0)
		return tap_bail_err(t, &e, "remove stale groups");
	for (int i = 1; i <= ATTEMPTS; i++) {
		m.measured = false;
		if (cgrun_case(t, &p) < 0 || !m.measured)
			return tap_done(t);
		if (!too_noisy(&m))
			break;
		if (i < ATTEMPTS)
			tap_diag(t, "try %d too noisy to judge: measuring again", i);
	}
	check(t, &m);
	return tap_done(t);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "cpu_quota", .needs = &needs, .faults = faults,
		.summary = "cpu.max / cfs_quota_us: a busy group gets its quota, no more",
		.outside = outside, .no_inside = CGRUN_NO_INSIDE,
	};

	return probe_main(&m, argc, argv);
}
