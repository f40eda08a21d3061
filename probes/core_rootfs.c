// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core_rootfs — the runtime core's minimal rootfs: the container's / is a
 * tmpfs of its own, entered with pivot_root so that the old root is gone
 * from its mountinfo, none of its mounts is one of the launcher's, and its
 * hostname is the spec's.
 *
 * Outside role (this process, root): launches a container with every
 * namespace type, the minimal rootfs and hostname nsp-core
 * (fixtures/coretest.h); its init (pid 1 of its pid namespace, root in
 * its user namespace) looks at its own mountinfo and name and writes the
 * points; then the outside compares the container's mountinfo with its own
 * by mount id (a new mount namespace gets copies with ids of their own).
 *
 *   --fault no-mnt   no mount namespace, so no rootfs of its own: the
 *                    caller's / with all its mounts (not ok)
 *   --fault no-uts   no uts namespace, so no hostname of its own (not ok)
 */
#include <stdio.h>
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
};

static int look_at_root(struct root_view *v, struct nsp_err *e)
{
	struct mount_table mt;

	if (mount_table_read(0, &mt, e) < 0)
		return -1;
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
	char host[65] = "";

	(void)s;
	if (look_at_root(&v, &e) < 0)
		return tap_bail_err(t, &e, "the container reads its mountinfo");
	tap_expect(t, v.tmpfs, "tmpfs", "another filesystem",
		   "the container's / is the minimal tmpfs rootfs");
	tap_expect(t, !v.host_root, "no other mount at /", "the old root",
		   "the old root is gone from the container's mountinfo");
	gethostname(host, sizeof(host) - 1);
	tap_expect_str(t, CT_HOSTNAME, host, "the hostname is the spec's");
	return tap_exit_code(t);
}

/* How many of pid's mounts (by id) are also in ours; -1 with *e. */
static int shared_mounts(pid_t pid, struct nsp_err *e)
{
	struct mount_table ours, theirs;
	int common = 0;

	if (mount_table_read(0, &ours, e) < 0)
		return -1;
	if (mount_table_read(pid, &theirs, e) < 0) {
		mount_table_free(&ours);
		return -1;
	}
	for (size_t i = 0; i < theirs.n; i++)
		for (size_t k = 0; k < ours.n; k++)
			common += theirs.v[i].mount_id == ours.v[k].mount_id;
	mount_table_free(&ours);
	mount_table_free(&theirs);
	return common;
}

/* Outside, while the container lives: its mounts are none of ours. */
static void outside(struct tap *t, struct twoside *s)
{
	struct nsp_err e = { 0 };
	char got[48];
	int common = shared_mounts(s->run.c.pid, &e);

	if (common < 0) {
		tap_broken(t, &e, "none of the container's mounts is one of the launcher's");
		return;
	}
	snprintf(got, sizeof(got), "%d mount ids in common", common);
	tap_expect(t, common == 0, "none", got,
		   "none of the container's mounts is one of the launcher's");
}

/* Outside role: this process, root in the caller's user namespace. */
static int run(struct tap *t, const struct probe_args *a)
{
	struct twoside s = { .inside = inside, .outside = outside };

	ct_spec(&s.spec, ct_missing_ns(a));
	twoside_run(t, &s);
	return tap_done(t);
}

PROBE_MAIN(.name = "core_rootfs", .needs = &needs, .faults = faults, .outside = run,
	   .no_inside = "it checks the root of a container it launches")
