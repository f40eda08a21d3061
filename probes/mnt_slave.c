// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_slave — a slave mount receives what its master's peer group mounts,
 * and what is mounted on it never reaches the master; mountinfo shows
 * master:N with N the master's shared:N, and no shared:N of its own.
 *
 * Outside role (this process, root): a private mount namespace, a shared
 * scratch tmpfs on /tmp, then a runtime-core container (CLONE_NEWNS,
 * caller's root, propagation slave: the core makes its / MS_REC|MS_SLAVE)
 * that mounts on request.  Both sides are read in /proc/<pid>/mountinfo.
 *
 *   --fault private|shared   launch with that propagation instead: the
 *                            slave checks must report not ok.
 *   --fault no-newns         the container shares our mount namespace.
 *   --role inside            only look at our own mount namespace: the
 *                            root mount (and every mount) must be a slave.
 */
#include "fixtures/mntpeer.h"
#include "lib/tap.h"

static const struct mt_step steps[] = {
	{ MT_OUT, { MT_MOUNT, 0, MT_BASE "/a", "nsp-slave-out" }, MT_IN, true,
	  "a mount made by the master appears on the slave" },
	{ MT_IN, { MT_MOUNT, 0, MT_BASE "/b", "nsp-slave-in" }, MT_OUT, false,
	  "a mount made on the slave never reaches the master" },
	{ MT_IN, { MT_MOUNT, 0, MT_BASE "/b", "nsp-slave-in" }, MT_IN, true,
	  "the slave's own mount is visible on the slave" },
};

static void check_tags(struct tap *t, const struct mt_peer *p)
{
	struct mt_view out, in, a_in;
	struct nsp_err e = { 0 };
	char got[64];

	if (mt_base_views(t, p, &out, &in) < 0)
		return;
	tap_expect(t, out.shared > 0 && !out.master, "shared:N",
		   mt_view_str(&out, got, sizeof(got)), "outside: the master mount is shared");
	tap_expect(t, in.master > 0 && !in.shared, "master:N only",
		   mt_view_str(&in, got, sizeof(got)), "inside: the copy is a slave, not shared");
	tap_expect_long(t, out.shared, in.master,
			"the slave's master:N is the master's peer group");
	/* the mount received from the master is itself a slave of its original */
	if (mt_view_of(p->c.pid, MT_BASE "/a", &a_in, &e) < 0) {
		tap_broken(t, &e, "a received mount is a slave of the master's mount");
		return;
	}
	tap_expect(t, a_in.present && a_in.master > 0 && !a_in.shared, "master:N only",
		   mt_view_str(&a_in, got, sizeof(got)),
		   "a received mount is a slave of the master's mount");
}

static const struct mt_probe probe = {
	CORE_PROP_SLAVE, steps, sizeof(steps) / sizeof(steps[0]), check_tags,
};

int main(int argc, char **argv)
{
	static const struct probe_main m = MT_PROBE_MAIN("mnt_slave", &probe, CORE_PROP_SLAVE);

	return probe_main(&m, argc, argv);
}
