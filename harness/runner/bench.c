// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsharness bench — what the harness pays per container: the wall time
 * from core_launch() to a reaped exit and a removed cgroup, for a
 * container running /bin/true, measured in this process N times.
 *
 *   nsharness bench [-n RUNS] [--phases] [--case NAME]...
 *
 * Cases: "full" (pid uts ipc mnt net cgroup namespaces, minimal rootfs
 * with pivot_root and proc, 64 MiB memory cgroup), "full+veth" (and a
 * veth pair), "all-ns" (all eight namespaces, root mapped, the rootfs, no
 * group: what `nsharness exec --ns all` makes), "no-net" (without a
 * network namespace: netns creation and
 * teardown dominate), "no-cgroup" and "ns-only" (namespaces only, no
 * rootfs, no cgroup).  Prints one line per case: runs, median, p95, mean
 * in milliseconds; --phases adds where each case's time goes
 * (bench_phases.c).
 * The whole-process comparison with unshare, bwrap and runc is
 * ci/bench.sh (make bench), which also runs this.
 */
#include "runner/bench.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/file.h"
#include "runtime/launch.h"

#define FULL_NS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | \
		 CLONE_NEWNET | CLONE_NEWCGROUP)

static const struct bench_case cases[] = {
	{ "full", FULL_NS, CORE_ROOTFS_MINIMAL, 64LL << 20, false, false },
	{ "full+veth", FULL_NS, CORE_ROOTFS_MINIMAL, 64LL << 20, true, false },
	{ "all-ns", CORE_NS_ALL, CORE_ROOTFS_MINIMAL, 0, false, true },
	{ "no-net", FULL_NS & ~CLONE_NEWNET, CORE_ROOTFS_MINIMAL, 64LL << 20, false, false },
	{ "no-cgroup", FULL_NS, CORE_ROOTFS_MINIMAL, 0, false, false },
	{ "ns-only", FULL_NS, CORE_ROOTFS_NONE, 0, false, false },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void bench_stats(double *v, int n, double *median, double *p95)
{
	int i95 = (n * 95) / 100;

	qsort(v, (size_t)n, sizeof(*v), by_value);
	*median = v[n / 2];
	*p95 = v[i95 < n ? i95 : n - 1];
}

double bench_one_run(const struct bench_case *bc, struct nsp_err *e)
{
	static char *const argv[] = { "/bin/true", NULL };
	struct core_spec s = { .namespaces = bc->namespaces, .rootfs = bc->rootfs,
			       .memory_limit = bc->memory, .veth = bc->veth,
			       .map_root = bc->map_root, .argv = argv };
	struct core_container c;
	double t0 = now_ms();
	int status;

	if (core_launch(&s, &c, e) < 0)
		return -1;
	if (core_wait(&c, &status, e) < 0 || core_destroy(&c, e) < 0)
		return -1;
	if (status != 0)
		return nsp_err_set(e, EIO, "/bin/true exited with status 0x%x", status);
	return now_ms() - t0;
}

static int run_case(const struct bench_case *bc, int runs)
{
	double *t = calloc((size_t)runs, sizeof(*t)), sum = 0, median, p95;
	char buf[NSP_ERR_MSG_MAX + 64];
	struct nsp_err e;

	if (!t)
		return -1;
	for (int i = 0; i < runs; i++) {
		t[i] = bench_one_run(bc, &e);
		if (t[i] < 0) {
			fprintf(stderr, "nsharness bench: %s run %d: %s\n", bc->name, i,
				nsp_err_str(&e, buf, sizeof(buf)));
			free(t);
			return -1;
		}
		sum += t[i];
	}
	bench_stats(t, runs, &median, &p95);
	printf("in-process %-10s runs %4d  median %7.3f ms  p95 %7.3f ms  mean %7.3f ms\n",
	       bc->name, runs, median, p95, sum / runs);
	fflush(stdout);
	free(t);
	return 0;
}

static const struct bench_case *find_case(const char *name)
{
	for (size_t i = 0; i < NCASES; i++)
		if (strcmp(cases[i].name, name) == 0)
			return &cases[i];
	return NULL;
}

int bench_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "case", required_argument, NULL, 'c' },
		{ "phases", no_argument, NULL, 'p' },
		{ 0 },
	};
	const struct bench_case *chosen[NCASES];
	size_t nchosen = 0;
	bool phases = false;
	long runs = 200;
	int o, rc = 0;

	while ((o = getopt_long(argc, argv, "+n:c:", opts, NULL)) != -1) {
		if (o == 'n' && nsp_parse_long(optarg, 1, 100000, &runs) == 0)
			continue;
		if (o == 'p') {
			phases = true;
			continue;
		}
		if (o == 'c' && (chosen[nchosen] = find_case(optarg)) && nchosen < NCASES - 1) {
			nchosen++;
			continue;
		}
		fprintf(stderr, "usage: nsharness bench [-n RUNS] [--phases] "
			"[--case full|full+veth|all-ns|no-net|no-cgroup|ns-only]...\n");
		return 64;
	}
	if (nchosen == 0)
		for (size_t i = 0; i < NCASES; i++)
			chosen[nchosen++] = &cases[i];
	for (size_t i = 0; i < nchosen && rc == 0; i++)
		rc = run_case(chosen[i], (int)runs);
	for (size_t i = 0; phases && i < nchosen && rc == 0; i++)
		rc = bench_phases(chosen[i], (int)runs);
	if (phases && rc == 0)
		rc = bench_namespaces((int)runs);
	return rc ? 1 : 0;
}
