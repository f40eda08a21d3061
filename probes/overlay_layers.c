// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * overlay_layers — a layered rootfs (overlayfs, Documentation/
 * filesystems/overlayfs.rst): the merged view takes each file from its
 * highest layer; a write copies the file up, leaving the layer alone; a
 * delete leaves a whiteout in the upper, not in the layer; a directory
 * made over a deleted one is opaque; the upper lives in the container's
 * mount namespace and shows nowhere else.  The scenario and its faults
 * are fixtures/ovltest.h; here the container has no user namespace.
 */
#include <sched.h>

#include "fixtures/ovltest.h"
#include "lib/needs.h"

static const struct probe_needs needs = {
	.caps_sys_admin = true,
	.namespaces = CLONE_NEWNS | CLONE_NEWPID,
	.kconfig = (const char *const[]){ "CONFIG_OVERLAY_FS", NULL },
	.timeout = 20,
};

static int run(struct tap *t, const struct probe_args *a)
{
	return ovl_run(t, a, false);
}

int main(int argc, char **argv)
{
	static const struct probe_main m = {
		.name = "overlay_layers", .needs = &needs, .faults = ovl_faults, .outside = run,
		.summary = "a layered rootfs: merged view, copy-up, whiteouts, opaque "
			   "directories, the upper private to the container",
		.no_inside = "it builds the layers and the container it looks into",
	};

	return probe_main(&m, argc, argv);
}
