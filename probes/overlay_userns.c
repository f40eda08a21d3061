// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * overlay_userns — the layered rootfs of overlay_layers, mounted by root
 * of the container's own user namespace (overlayfs is FS_USERNS_MOUNT
 * since 5.11; the runtime core adds "userxattr" there, so opaque
 * directories and redirects use user.overlay.* attributes): the same
 * merged view, copy-up, whiteouts, opaque directories and a private
 * upper.  A kernel that refuses the mount is a skip with its errno.
 * Scenario and faults: fixtures/ovltest.h.
 */
#include <sched.h>

#include "fixtures/ovltest.h"
#include "lib/needs.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID,
	.kconfig = (const char *const[]){ "CONFIG_OVERLAY_FS", NULL },
	.timeout = 20,
};

static int run(struct tap *t, const struct probe_args *a)
{
	return ovl_run(t, a, true);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "overlay_userns", .needs = &needs, .faults = ovl_faults, .outside = run,
		.summary = "a layered rootfs mounted in a user namespace: merged view, copy-up, "
			   "whiteouts, opaque directories, a private upper",
		.no_inside = "it builds the layers and the container it looks into",
	};

	return probe_main(&m, argc, argv);
}
