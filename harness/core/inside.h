/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A probe's inside role, run in a container the core launches, writing its
 * TAP points on the probe's own stream.  The pattern every two-sided probe
 * needs, once:
 *
 *   outside                         inside (container init, after setup)
 *   inside_run_start(spec, fn) ---> fn(t, arg): tap_expect_*(...)
 *   inside_run_collect()       <--- TAP numbering and counts handed back
 *   ...outside checks, joins...     waits, alive, for the release
 *   inside_run_end()           ---> exits with fn's status; reaped, destroyed
 *
 * The container stays alive between collect and end, so the outside can
 * look at it (/proc/<pid>, setns) while its namespaces exist.
 */
#ifndef NSP_CORE_INSIDE_H
#define NSP_CORE_INSIDE_H

#include "launch.h"
#include "sync.h"
#include "tap.h"

/* Runs in the container; its points go on t; returns the exit status. */
typedef int (*inside_fn)(struct tap *t, void *arg);

struct inside_run {
	struct core_container c;
	struct nsp_sync sync;
	struct tap *t;
	inside_fn fn;
	void *arg;
	int fd;			/* our end of the sync pair, -1 when closed */
	bool collected;
};

/* Launch `spec` (its fn/arg are taken over) with fn(t, arg) inside. */
int inside_run_start(struct inside_run *r, struct tap *t, struct core_spec *spec,
		     inside_fn fn, void *arg, struct nsp_err *e);
/* Wait until the inside wrote its points; our numbering goes on from there. */
int inside_run_collect(struct inside_run *r, struct nsp_err *e);
/* Release the inside, reap it (*status if not NULL), destroy the container.
 * Safe after a failed start or collect. */
int inside_run_end(struct inside_run *r, int *status, struct nsp_err *e);

#endif
