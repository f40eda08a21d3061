/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the runner finds its probes and suites.
 *
 * In order: $NSHARNESS_PROBES / $NSHARNESS_SUITES; the build tree when the
 * binary runs from it (build/nsharness next to build/probes, suites in
 * ../suites); an install relative to the binary (BIN/../libexec/nsprobe
 * and BIN/../share/nsprobe/suites, so DESTDIR staging and relocated
 * prefixes work); last the directories compiled in.
 */
#ifndef NSP_RUNNER_PATHS_H
#define NSP_RUNNER_PATHS_H

#include <stddef.h>

#include "lib/err.h"

struct nsp_paths {
	char probes[4096];
	char suites[4096];
};

int paths_find(struct nsp_paths *p, struct nsp_err *e);
/* The runtime profiles (nsharness --runtime): $NSHARNESS_RUNTIMES, the
 * build tree's harness/runner/runtimes/, BIN/../share/nsprobe/runtimes, the compiled-in
 * data directory's.  dst needs PATH_MAX bytes. */
int paths_find_runtimes(char *dst, size_t len, struct nsp_err *e);

/* Every "*.suite" file in dir, sorted; the array and strings are malloc'd. */
int paths_list_suites(const char *dir, char ***out, size_t *n, struct nsp_err *e);
void paths_free_list(char **list, size_t n);

#endif
