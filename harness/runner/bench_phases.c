// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsharness bench --phases — where a launch spends its time.
 *
 * Per case: the runtime core's trace marks (runtime/trace.h) of each run,
 * turned into phases (from one mark to the next one the run passed) with
 * their median and p95, so every change to the core shows where its time
 * went.  Then what each namespace type costs by itself: clone3() with
 * that one CLONE_NEW* flag, a child that _exit()s at once, and the reap
 * (which includes the namespace's teardown where the kernel does it
 * synchronously), minus the same without a flag.
 */
#include "runner/bench.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/trace.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static void print_phase(const char *name, double *v, int n, double total_median)
{
	double median, p95;

	if (n == 0)
		return;
	bench_stats(v, n, &median, &p95);
	printf("  %-26s %8.3f %8.3f %6.1f%%\n", name, median, p95,
	       total_median > 0 ? 100.0 * median / total_median : 0.0);
}

/*
 * ms from mark a to mark b.  The child and the launcher run at once: the
 * child may pass its first mark before the launcher's clone() returns,
 * and such a phase took no time on the critical path (0, never the
 * unsigned wrap-around).
 */
static double span_ms(uint64_t a, uint64_t b)
{
	return b > a ? (double)(b - a) / 1e6 : 0.0;
}

/* Each run's phases into v[mark][n[mark]]; the totals into v[0]. */
static int collect(const struct bench_case *bc, int runs, double **v, int *n)
{
	char buf[NSP_ERR_MSG_MAX + 64];
	struct nsp_err e;

	for (int i = 0; i < runs; i++) {
		const uint64_t *m = core_trace_marks();
		int prev = CORE_MARK_START;

		core_trace_reset();
		if (bench_one_run(bc, &e) < 0) {
			fprintf(stderr, "nsharness bench --phases: %s: %s\n", bc->name,
				nsp_err_str(&e, buf, sizeof(buf)));
			return -1;
		}
		for (int k = CORE_MARK_START + 1; k < CORE_MARK_PARALLEL; k++) {
			if (!m[k])
				continue;	/* a step this case does not take */
			v[k][n[k]++] = span_ms(m[prev], m[k]);
			prev = k;
		}
		for (int k = CORE_MARK_PARALLEL; k < CORE_MARK_COUNT; k++) {
			int from = core_mark_from((enum core_mark)k);

			if (!m[from])
				from = CORE_MARK_CLONED;
			if (m[k] && m[from])
				v[k][n[k]++] = span_ms(m[from], m[k]);
		}
		v[0][n[0]++] = (double)(m[CORE_MARK_DESTROYED] - m[CORE_MARK_START]) / 1e6;
	}
	return 0;
}

int bench_phases(const struct bench_case *bc, int runs)
{
	double *v[CORE_MARK_COUNT] = { 0 }, median, p95;
	int n[CORE_MARK_COUNT] = { 0 }, rc = -1;
	struct nsp_err e;
	char buf[NSP_ERR_MSG_MAX + 64];

	if (core_trace_on(&e) < 0) {
		fprintf(stderr, "nsharness bench: %s\n", nsp_err_str(&e, buf, sizeof(buf)));
		return -1;
	}
	for (int k = 0; k < CORE_MARK_COUNT; k++)
		if (!(v[k] = calloc((size_t)runs, sizeof(double))))
			goto out;
	if (collect(bc, runs, v, n) < 0)
		goto out;
	bench_stats(v[0], n[0], &median, &p95);
	printf("\nphases of %s (%d runs)            median      p95  share\n", bc->name, runs);
	for (int k = CORE_MARK_START + 1; k < CORE_MARK_PARALLEL; k++)
		print_phase(core_mark_phase((enum core_mark)k), v[k], n[k], median);
	printf("  %-26s %8.3f %8.3f\n", "launch to teardown", median, p95);
	for (int k = CORE_MARK_PARALLEL; k < CORE_MARK_COUNT; k++)
		print_phase(core_mark_phase((enum core_mark)k), v[k], n[k], median);
	fflush(stdout);
	rc = 0;
out:
	for (int k = 0; k < CORE_MARK_COUNT; k++)
		free(v[k]);
	return rc;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* clone3 with `flag`, the child exits at once, reaped: ms, or -1 (errno). */
static double clone_exit_reap(int flag)
{
	uint64_t args[11] = { (uint64_t)flag, 0, 0, 0, SIGCHLD };
	double t0 = now_ms();
	pid_t pid = (pid_t)syscall(SYS_clone3, args, sizeof(args));

	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, NULL, 0) != pid)
		return -1;
	return now_ms() - t0;
}

static const struct {
	const char *name;
	int flag;
} ns_costs[] = {
	{ "(none)", 0 }, { "pid", CLONE_NEWPID }, { "uts", CLONE_NEWUTS },
	{ "ipc", CLONE_NEWIPC }, { "mnt", CLONE_NEWNS }, { "net", CLONE_NEWNET },
	{ "cgroup", CLONE_NEWCGROUP }, { "user", CLONE_NEWUSER }, { "time", CLONE_NEWTIME },
};

int bench_namespaces(int runs)
{
	double *v = calloc((size_t)runs, sizeof(double)), base = 0, median, p95;

	if (!v)
		return -1;
	printf("\neach namespace: clone3 + exit + reap (%d runs)  median      p95    added\n", runs);
	for (size_t i = 0; i < sizeof(ns_costs) / sizeof(ns_costs[0]); i++) {
		int k;

		for (k = 0; k < runs && (v[k] = clone_exit_reap(ns_costs[i].flag)) >= 0; k++)
			;
		if (k < runs) {
			printf("  %-40s n/a (%s)\n", ns_costs[i].name, nsp_errno_name(errno));
			continue;
		}
		bench_stats(v, runs, &median, &p95);
		if (ns_costs[i].flag == 0)
			base = median;
		printf("  %-40s %8.3f %8.3f %8.3f\n", ns_costs[i].name, median, p95, median - base);
	}
	fflush(stdout);
	free(v);
	return 0;
}
