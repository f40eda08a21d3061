/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Run a helper program to its end, for what the runner asks of other
 * programs before and after the probes (a probe's --describe, a runtime's
 * version, `spec` and cleanup).  Its stdout and stderr together are kept
 * (the first `len` - 1 bytes, NUL-terminated; the rest is read and
 * dropped so it never blocks), stdin is /dev/null.  No timeout of its own:
 * these helpers return at once, and the runner's caller bounds the run.
 */
#ifndef NSP_RUNNER_SPAWNWAIT_H
#define NSP_RUNNER_SPAWNWAIT_H

#include <stddef.h>

#include "lib/err.h"

/* argv[0] is a path.  0 with the wait status in *status once it ran, or
 * -1 with *e when it could not be started (the exec's errno).  `cwd` may
 * be NULL (ours). */
int spawn_wait(char *const argv[], const char *cwd, char *out, size_t len,
	       int *status, struct nsp_err *e);

#endif
