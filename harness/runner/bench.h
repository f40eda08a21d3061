/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `nsharness bench`: the runtime core's in-process launch cost. */
#ifndef NSP_RUNNER_BENCH_H
#define NSP_RUNNER_BENCH_H

#include <stdbool.h>

#include "lib/err.h"
#include "runtime/spec.h"

/* One configuration of the container measured. */
struct bench_case {
	const char *name;
	int namespaces;
	enum core_rootfs rootfs;
	long long memory;
	bool veth;
	bool map_root;		/* with a user namespace: caller -> root */
};

/* argv[0] is "bench".  Returns the exit status for nsharness. */
int bench_main(int argc, char **argv);

/* One launch of bc running /bin/true, to its reaped exit and teardown:
 * milliseconds, or -1 with *e. */
double bench_one_run(const struct bench_case *bc, struct nsp_err *e);

/* Median and p95 of v[0..n) (sorts v). */
void bench_stats(double *v, int n, double *median, double *p95);

/* bench --phases: per-phase medians and p95 of `runs` launches of bc. */
int bench_phases(const struct bench_case *bc, int runs);
/* bench --phases: what each namespace type adds to a clone, exit and reap. */
int bench_namespaces(int runs);

#endif
