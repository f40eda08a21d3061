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
#include <stddef.h>

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

/* "usage: NAME [--fault A|B] [--role inside]" into buf (probemain.c). */
const char *probe_usage(const char *name, const char *const *faults, char *buf,
			size_t len);

struct tap;
struct probe_needs;

/*
 * The whole main() of a two-sided probe (probemain.c): a bad line prints
 * "NAME: reason" and the usage on stderr and is status 64; otherwise
 * probe_start(needs) (its skip or bail ends the probe) and then the role.
 */
struct probe_main {
	const char *name;
	const struct probe_needs *needs;
	const char *const *faults;	/* NULL-terminated */
	int (*outside)(struct tap *t, const struct probe_args *a);
	/* NULL: --role inside runs outside() too (a probe whose checks make
	 * a private namespace of their own wherever they are started) */
	int (*inside)(struct tap *t);
	/* needs of --role inside (NULL: `needs`): a standalone inside role
	 * usually creates nothing and so needs no privilege */
	const struct probe_needs *inside_needs;
	/* set: the probe has no standalone inside role, and --role inside is
	 * a usage error (status 64) with this reason; the usage line then
	 * leaves --role out */
	const char *no_inside;
};

int probe_main(const struct probe_main *m, int argc, char *const argv[]);

#endif
