/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runner's TAP stream (stdout, plus a copy for --tap) and JUnit file.
 * Entries are written in suite order as soon as every entry before them is
 * done, so a -j run reads like a -j1 run, only sooner.
 */
#ifndef NSP_RUNNER_REPORT_H
#define NSP_RUNNER_REPORT_H

#include <stddef.h>

#include "runner/job.h"
#include "runner/runner.h"

struct report {
	const struct runner_opts *o;
	size_t next;		/* first job not yet written */
	int number;		/* top-level TAP numbers written */
	const struct suite *suite;	/* suite of the last entry written */
};

void report_begin(struct report *rep, const struct runner_opts *o);
/* Write every job that is done and has nothing unwritten before it. */
int report_flush(struct report *rep, struct job *jobs, size_t n);
/* Plan, totals comment, closing line, JUnit. Fills *t. */
void report_end(struct report *rep, struct job *jobs, size_t n,
		struct runner_totals *t);

#endif
