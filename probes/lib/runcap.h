/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Run a program and capture what it prints, for probes and tests that
 * check another tool's output (nsprobe, lsns).  Both streams are read as
 * they come (poll on two pipes), so a chatty child never blocks on a full
 * pipe; no timeouts of our own: the probe's timeout covers a hang.
 */
#ifndef NSP_RUNCAP_H
#define NSP_RUNCAP_H

#include <stddef.h>

#include "err.h"

struct nsp_capture {
	char *out;		/* stdout, NUL-terminated, malloc'd */
	char *err;		/* stderr, likewise */
	int status;		/* wait status */
};

/* argv[0] is a path or a name looked up in PATH.  0, or -1 with *e set
 * (the child could not be started; exec failure is status 127). */
int nsp_run_capture(char *const argv[], struct nsp_capture *c, struct nsp_err *e);
void nsp_capture_free(struct nsp_capture *c);

/*
 * Where the nsprobe binary is: $NSHARNESS_PROBES/../nsprobe (the build
 * tree, build/probes/..), then the directory of /proc/self/exe/../nsprobe
 * (a probe in build/probes or an install's libexec/nsprobe/..), then
 * ../../bin/nsprobe from there (an install: libexec/nsprobe -> bin), then
 * "nsprobe" in PATH.  Fills buf with the first that is executable (or
 * "nsprobe"); returns 0 when one was found by path, 1 when PATH is used.
 */
int nsp_find_nsprobe(char *buf, size_t len);

#endif
