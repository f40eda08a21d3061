// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mnt_umount_propagation — an unmount propagates like a mount: umount on
 * one shared peer removes the propagated copy from the other, in both
 * directions.
 *
 * Outside role (this process, root): a private mount namespace, a shared
 * scratch tmpfs on /tmp, then a runtime-core container (CLONE_NEWNS,
 * caller's root, propagation shared) that mounts and unmounts on request.
 * Each unmount is checked only after its mount was seen on the other side,
 * so "gone" always means "was there and went".
 *
 *   --fault private|slave   launch with that propagation instead: the
 *                           propagation checks must report not ok.
 *   --fault no-newns        the container shares our mount namespace.
 *   --role inside           only look at our own mount namespace: the
 *                           root mount must be shared.
 */
#include "fixtures/mntpeer.h"
#include "lib/tap.h"

static const struct mt_step steps[] = {
	{ MT_OUT, { MT_MOUNT, 0, MT_BASE "/a", "nsp-umount-out" }, MT_IN, true,
	  "a mount made outside reaches the inside peer" },
	{ MT_OUT, { MT_UMOUNT, 0, MT_BASE "/a", "nsp-umount-out" }, MT_IN, false,
	  "unmounting it outside removes it inside" },
	{ MT_IN, { MT_MOUNT, 0, MT_BASE "/b", "nsp-umount-in" }, MT_OUT, true,
	  "a mount made inside reaches the outside peer" },
	{ MT_IN, { MT_UMOUNT, 0, MT_BASE "/b", "nsp-umount-in" }, MT_OUT, false,
	  "unmounting it inside removes it outside" },
};

static const struct mt_probe probe = {
	CORE_PROP_SHARED, steps, sizeof(steps) / sizeof(steps[0]),
	NULL,
};

int main(int argc, char **argv)
{
	static const struct probe_main m = MT_PROBE_MAIN("mnt_umount_propagation", &probe, CORE_PROP_SHARED);

	return probe_main(&m, argc, argv);
}
