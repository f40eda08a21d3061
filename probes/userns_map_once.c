// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * userns_map_once — a user namespace's uid_map and gid_map are written
 * once (user_namespaces(7): "the file can be written to only once").
 *
 * Outside role (this process, root in the caller's user namespace): a
 * user child (fixtures/usertest.h) enters a new user namespace; its maps
 * are written from here, "0 0 1" (root stays root), as a runtime writes
 * them.  Kernel rule asserted: a second write of each map fails with
 * EPERM.
 *
 *   --fault fresh-ns   the second writes go to a never-mapped namespace:
 *                      they are first writes, accepted (not ok)
 */
#include <errno.h>

#include "fixtures/probeargs.h"
#include "fixtures/usertest.h"
#include "lib/tap.h"

#define MAP "0 0 1\n"

static const char *const faults[] = { "fresh-ns", NULL };

/* The user child: nothing to look at, it only holds its namespace. */
static int hold(void *arg, void *out, struct nsp_err *e)
{
	(void)arg;
	(void)out;
	(void)e;
	return 0;
}

/* A second write of each map of `pid`: EPERM. */
static void check_write_once(struct tap *t, pid_t pid)
{
	static const char *const files[] = { "uid_map", "gid_map" };
	struct nsp_err e = { 0 };

	for (size_t i = 0; i < 2; i++) {
		int rc = ut_write(pid, files[i], MAP, &e);

		tap_expect_errno(t, EPERM, rc, e.errnum, "a second write of %s fails with EPERM",
				 files[i]);
	}
}

static int run(struct tap *t, const struct probe_args *a)
{
	struct ut_child mapped = { 0 }, fresh = { 0 };
	struct nsp_err e = { 0 };

	if (ut_child_start(&mapped, true, hold, NULL, &e) < 0 ||
	    ut_write_maps(mapped.pid, MAP, &e) < 0 ||
	    (probe_fault(a, "fresh-ns") && ut_child_start(&fresh, true, hold, NULL, &e) < 0))
		tap_broken(t, &e, "a map can be written only once");
	else
		check_write_once(t, fresh.pid ? fresh.pid : mapped.pid);
	ut_child_end(&fresh);
	ut_child_end(&mapped);
	return tap_done(t);
}

PROBE_MAIN(.name = "userns_map_once", .needs = &ut_probe_needs, .faults = faults, .outside = run,
	   .no_inside = UT_NO_INSIDE " and maps them",
	   .summary = "uid_map and gid_map are written once: a second write is EPERM")
