/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A KCIDB submission (kcidb-io schema v5.3) of a run, for labs that
 * collect results in KernelCI's database:
 *   checkouts  one: the running kernel (its release and version string,
 *              all a runner knows of its source)
 *   builds     one: that kernel for this machine's architecture
 *   tests      one per check (checks as JUnit counts them, cases.h), path
 *              nsprobe.<suite>.<entry>.<check> with the check's stable slug
 *              (checkname.h), or nsprobe.<suite>.<entry> for an entry
 *              skipped or broken whole; status PASS, FAIL, ERROR (broken:
 *              our setup failed, nothing learnt about the kernel) or SKIP
 *              (SKIP and TODO, as the runner counts them); the cgroup
 *              layout as the environment
 * Origin "nsprobe".  Checkout and build ids name the kernel (release plus
 * a hash of its version string), so runs of one kernel share them; test
 * ids add the run's id (boot id and start time), unique per run.
 */
#ifndef NSP_RUNNER_KCIDB_H
#define NSP_RUNNER_KCIDB_H

#include <stddef.h>
#include <stdio.h>

#include "lib/err.h"
#include "runner/cases.h"

struct kcidb_run {
	char release[65], version[65], machine[65];	/* uname(2) */
	char layout[16];	/* cgroup layout: v2, v1, hybrid, none */
	char run_id[80];	/* <boot id>-<start time in ns> */
	char start_time[40];	/* RFC 3339, UTC */
};

/* What the file says of the machine and the run, read now (before the
 * runner enters its sandbox). */
int kcidb_run_init(struct kcidb_run *r, struct nsp_err *e);
/* -1 with errno when out of memory; write errors show in ferror(out). */
int kcidb_write(FILE *out, const struct kcidb_run *r,
		const struct case_suite *suites, size_t n);

#endif
