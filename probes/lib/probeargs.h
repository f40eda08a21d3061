/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line every two-sided probe accepts:
 *   PROBE                    outside role: launch the container, check both sides
 *   PROBE --role inside      only the inside observations, standalone (inside a
 *                            container someone else started)
 *   PROBE --fault NAME       outside role with one isolation removed on purpose
 * Parsing never prints: a bad line is EINVAL with the reason in *e.
 */
#ifndef NSP_PROBEARGS_H
#define NSP_PROBEARGS_H

#include <stdbool.h>

#include "err.h"

struct probe_args {
	bool inside;		/* --role inside */
	const char *fault;	/* --fault NAME (one of the probe's), or NULL */
};

/* `faults` is NULL-terminated (may be NULL: no fault modes). */
int probe_args_parse(int argc, char *const argv[], const char *const *faults,
		     struct probe_args *a, struct nsp_err *e);
/* True when --fault `name` was given. */
bool probe_fault(const struct probe_args *a, const char *name);

#endif
