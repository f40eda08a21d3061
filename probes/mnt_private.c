// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_private — a private mount neither sends nor receives: after the
 * container makes its copy of a shared mount private, mounts made on
 * either side stay there, and the copy carries no shared:/master: tag.
 *
 * Outside role (this process, root): a private mount namespace, a shared
 * scratch tmpfs on /tmp, then a runtime-core container (CLONE_NEWNS,
 * caller's root, propagation private: MS_REC|MS_PRIVATE on its /) that
 * mounts on request.  Both sides are read in /proc/<pid>/mountinfo.
 *
 *   --fault shared|slave   launch with that propagation instead: the
 *                          isolation checks must report not ok.
 *   --fault no-newns       the container shares our mount namespace.
 *   --role inside          only look at our own mount namespace: every
 *                          mount must be private (what a private container
 *                          such as `unshare -m` should show).
 */
#include "fixtures/mntpeer.h"
#include "lib/tap.h"

static const struct mt_step steps[] = {
	{ MT_OUT, { MT_MOUNT, 0, MT_BASE "/a", "nsp-private-out" }, MT_IN, false,
	  "a mount made outside does not appear inside" },
	{ MT_IN, { MT_MOUNT, 0, MT_BASE "/b", "nsp-private-in" }, MT_OUT, false,
	  "a mount made inside does not appear outside" },
	{ MT_IN, { MT_MOUNT, 0, MT_BASE "/b", "nsp-private-in" }, MT_IN, true,
	  "the inside's own mount is visible inside" },
};

static void check_tags(struct tap *t, const struct mt_peer *p)
{
	struct mt_view out, in;
	char got[64];

	if (mt_base_views(t, p, &out, &in) < 0)
		return;
	tap_expect(t, !in.shared && !in.master && !in.unbindable, "private",
		   mt_view_str(&in, got, sizeof(got)),
		   "inside: the copy carries no propagation tag");
	tap_expect(t, out.shared > 0, "shared:N", mt_view_str(&out, got, sizeof(got)),
		   "outside: its mount stays shared (the inside's change is its own)");
}

static const struct mt_probe probe = {
	CORE_PROP_PRIVATE, steps, sizeof(steps) / sizeof(steps[0]), check_tags,
};

int main(int argc, char **argv)
{
	static const struct probe_main m = MT_PROBE_MAIN("mnt_private", &probe, CORE_PROP_PRIVATE);

	return probe_main(&m, argc, argv);
}
