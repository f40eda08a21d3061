/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runner: every selected entry of every suite, up to `jobs` at a time,
 * each in its own process group with a deadline; output in suite order
 * whatever the parallelism; SIGINT/SIGTERM end every running group, and
 * what completed is still reported.
 */
#ifndef NSP_RUNNER_RUNNER_H
#define NSP_RUNNER_RUNNER_H

#include <stdio.h>

#include "runner/kcidb.h"
#include "runner/suite.h"

struct rt_run;

struct runner_opts {
	int jobs;
	double timeout;		/* default per entry, seconds */
	const char *filter;	/* fnmatch(3) glob on SUITE.NAME, or NULL */
	int tap_version;	/* 13 or 14 */
	const char *probes_dir;
	FILE *tap_copy;		/* --tap FILE, or NULL */
	const char *junit_path;	/* --junit FILE, or NULL (for messages) */
	FILE *junit;		/* opened before anything runs */
	const char *kcidb_path;	/* --kcidb FILE, or NULL (for messages) */
	FILE *kcidb;		/* opened before anything runs */
	const struct kcidb_run *kcidb_run;	/* what the KCIDB file says of the run */
	const char *note;	/* a "# " diagnostic after the header, or NULL */
	struct rt_run *rt;	/* --runtime: each probe under it (rtrun.h), or NULL */
};

struct runner_totals {
	unsigned passed, failed, broken, skipped, timed_out, entries;
	int stopped_by;		/* signal that interrupted the run, or 0 */
};

/* Exit statuses of nsharness (see nsharness(1)). */
enum {
	NSH_EXIT_OK = 0,
	NSH_EXIT_FAIL = 1,	/* a check failed: the kernel is wrong */
	NSH_EXIT_BROKEN = 2,	/* a probe broke, crashed or timed out */
	NSH_EXIT_USAGE = 64,	/* bad command line */
	NSH_EXIT_SUITE = 65,	/* malformed suite file or unknown probe */
	NSH_EXIT_NOINPUT = 66,	/* no such suite, or no suite at all */
	NSH_EXIT_UNAVAILABLE = 69,	/* --runtime: not installed or cannot run here */
	NSH_EXIT_INTERNAL = 70,	/* the runner itself failed */
	NSH_EXIT_CANTCREAT = 73,	/* --tap, --junit or --kcidb FILE cannot be written */
	NSH_EXIT_NOPERM = 77,	/* as root: a probe or suite directory others may change */
};

/* Returns the exit status for nsharness (128+signal when interrupted). */
int runner_run(const struct runner_opts *o, struct suite *suites, size_t n,
	       struct runner_totals *t);

/* Does the entry pass the filter? */
int runner_selected(const struct runner_opts *o, const struct suite_entry *ent);

#endif
