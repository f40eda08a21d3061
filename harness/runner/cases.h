/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The finished entries of a run grouped by suite file, in order: what the
 * JUnit and KCIDB writers report, one test case per point of each verdict
 * (a whole-probe skip is one case named after the entry).
 */
#ifndef NSP_RUNNER_CASES_H
#define NSP_RUNNER_CASES_H

#include <stddef.h>

#include "runner/verdict.h"

struct case_entry {
	const char *name;		/* suite entry name */
	const struct verdict *v;
	double seconds;
};

struct case_suite {
	const char *name;		/* suite file's name, e.g. "uts" */
	const struct case_entry *entries;
	size_t nentries;
};

#endif
