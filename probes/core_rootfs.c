// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core_rootfs — the runtime core's minimal rootfs: the container's / is a
 * tmpfs of its own, entered with pivot_root so that the old root is gone
 * from its mountinfo, with only a handful of mounts, and its hostname is
 * the spec's.
 *
 * Outside role (this process, root): launches a container with every
 * namespace type, the minimal rootfs and hostname nsp-core
 * (fixtures/coretest.h); its init (pid 1 of its pid namespace, root in
 * its user namespace) looks at its own mountinfo and name and writes the
 * points.
 *
 *   --fault no-mnt   no mount namespace, so no rootfs of its own: the
 *                    caller's / with all its mounts (not ok)
 *   --fault no-uts   no uts namespace, so no hostname of its own (not ok)
 */
#include <string.h>
#include <unistd.h>

#include "fixtures/coretest.h"
#include "fixtures/twoside.h"
#include "lib/mountinfo.h"
#include "lib/needs.h"
#include "lib/tap.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CORE_NS_ALL,
	.timeout = 30,
};

static const char *const faults[] = { "no-mnt", "no-uts", NULL };

/* What "/" is in the container's mountinfo. */
struct root_view {
	bool tmpfs;		/* a tmpfs is mounted at / */
	bool host_root;		/* and something else (the old root) too */
	int mounts;
};

static int look_at_root(struct root_view *v, struct nsp_err *e)
{
	struct mount_table mt;

	if (mount_table_read(0, &mt, e) < 0)
		return -1;
	v->mounts = (int)mt.n;
	for (size_t i = 0; i < mt.n; i++) {
		const struct mount_entry *m = &mt.v[i];

		if (strcmp(m->mount_point, "/") != 0)
			continue;
		if (strcmp(m->fstype, "tmpfs") == 0)
			v->tmpfs = true;
		else
			v->host_root = true;
	}
	mount_table_free(&mt);
	return 0;
}

/* Container init: its root and its name, seen from inside. */
static int inside(struct tap *t, struct twoside *s)
{
	struct root_view v = { 0 };
	struct nsp_err e = { 0 };
	char host[65] = "", got[64];

	(void)s;
	if (look_at_root(&v, &e) < 0)
		return tap_bail_err(t, &e, "the container reads its mountinfo");
	tap_expect(t, v.tmpfs, "tmpfs", "another filesystem",
		   "the container's / is the minimal tmpfs rootfs");
	tap_expect(t, !v.host_root, "no other mount at /", "the old root",
		   "the old root is gone from the container's mountinfo");
	snprintf(got, sizeof(got), "%d mounts", v.mounts);
	tap_expect(t, v.mounts > 0 && v.mounts < 32, "a handful of mounts", got,
		   "the container sees only its own few mounts");
	gethostname(host, sizeof(host) - 1);
	tap_expect_str(t, CT_HOSTNAME, host, "the hostname is the spec's");
	return tap_exit_code(t);
}

/* Outside role: this process, root in the caller's user namespace. */
static int run(struct tap *t, const struct probe_args *a)
{
	struct twoside s = { .inside = inside };

	ct_spec(&s.spec, ct_missing_ns(a));
	twoside_run(t, &s);
	return tap_done(t);
}

PROBE_MAIN(.name = "core_rootfs", .needs = &needs, .faults = faults, .outside = run,
	   .no_inside = "it checks the root of a container it launches")
