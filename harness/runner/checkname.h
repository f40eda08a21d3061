/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names of checks that stay the same from run to run, so that CI history
 * (JUnit), KCIDB and LAVA line a check up with itself across runs: no TAP
 * point number (a check added before it would shift it) and no pid, fd or
 * other run-specific number (a description like "member 2 (outside pid
 * 172)" names "member 2 (outside pid N)").
 *
 *   title  the description with every run of two or more digits as "N",
 *          then " (#k)" for its k-th repeat in the entry (k >= 2)
 *   slug   the same as one path component: lower case, runs of two or more
 *          digits as "n", every other run of characters outside [a-z0-9]
 *          as "_", no "_" at either end ("check" if nothing is left), then
 *          "_k" for its k-th repeat; ci/lava/tap2cases.awk applies the same
 *          rule to a TAP file
 * A single digit is kept: "member 1" and "member 2" are different checks.
 */
#ifndef NSP_RUNNER_CHECKNAME_H
#define NSP_RUNNER_CHECKNAME_H

#include <stddef.h>

#include "runner/tapdoc.h"

/* Both return a malloc'd string, or NULL with errno ENOMEM. */
char *checkname_title(const struct tap_doc *d, size_t i);
char *checkname_slug(const struct tap_doc *d, size_t i);

#endif
