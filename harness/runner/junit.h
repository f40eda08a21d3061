/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JUnit XML as Jenkins and GitLab read it:
 *   <testsuites tests= failures= errors= skipped= time=>
 *     <testsuite name="SUITE-FILE" tests= failures= errors= skipped= time=>
 *       <testcase classname="SUITE.ENTRY" name="N - desc" time=>
 *         <failure message="..." type="fail">YAML</failure>   kernel failure
 *         <error message="..." type="broken">YAML</error>     our setup broke
 *         <skipped message="reason"/>
 * One testsuite per suite file and one testcase per assertion (per point
 * of the verdict, synthetic ones included; a whole-probe SKIP is one
 * skipped testcase).  Text is escaped for XML 1.0: characters XML cannot
 * carry are replaced by U+FFFD.
 */
#ifndef NSP_RUNNER_JUNIT_H
#define NSP_RUNNER_JUNIT_H

#include <stddef.h>
#include <stdio.h>

#include "runner/verdict.h"

struct junit_entry {
	const char *name;		/* suite entry name */
	const struct verdict *v;
	double seconds;
};

struct junit_suite {
	const char *name;		/* suite file's name, e.g. "uts" */
	const struct junit_entry *entries;
	size_t nentries;
};

int junit_write(FILE *out, const struct junit_suite *suites, size_t n);

#endif
