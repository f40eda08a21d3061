/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JUnit XML as Jenkins and GitLab read it:
 *   <testsuites tests= failures= errors= skipped= time=>
 *     <testsuite name="SUITE-FILE" tests= failures= errors= skipped= time=>
 *       <testcase classname="SUITE.ENTRY" name="TITLE" time=>
 *         <failure message="..." type="fail">YAML</failure>   kernel failure
 *         <error message="..." type="broken">YAML</error>     our setup broke
 *         <skipped message="reason"/>
 * One testsuite per suite file and one testcase per assertion (per point
 * of the verdict, synthetic ones included; a whole-probe SKIP is one
 * skipped testcase).  TITLE is the check's stable name (checkname.h): no
 * point number, no pid, so CI history lines a check up across runs.
 * Text is escaped for XML 1.0: characters XML cannot
 * carry are replaced by U+FFFD.
 */
#ifndef NSP_RUNNER_JUNIT_H
#define NSP_RUNNER_JUNIT_H

#include <stddef.h>
#include <stdio.h>

#include "runner/cases.h"

int junit_write(FILE *out, const struct case_suite *suites, size_t n);

#endif
