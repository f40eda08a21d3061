/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which cgroup layout this machine has, and where each controller lives.
 *
 *   v2      /sys/fs/cgroup is cgroup2 (every controller there)
 *   v1      /sys/fs/cgroup is a tmpfs of per-controller v1 mounts
 *   hybrid  v1 as above plus cgroup2 at /sys/fs/cgroup/unified, holding
 *           the controllers that no v1 hierarchy took
 * Decided from statfs() magic numbers and the kernel's own lists
 * (/proc/cgroups, cgroup.controllers), never from the distribution.
 */
#ifndef NSP_LIB_CGLAYOUT_H
#define NSP_LIB_CGLAYOUT_H

#include <stdbool.h>

#include "lib/err.h"

enum cg_mode { CG_MODE_NONE, CG_MODE_V1, CG_MODE_V2, CG_MODE_HYBRID };
enum cg_version { CG_VNONE = 0, CG_V1 = 1, CG_V2 = 2 };

#define CG_ROOT "/sys/fs/cgroup"

struct cg_layout {
	enum cg_mode mode;
	char v2_root[64];	/* cgroup2 mount point, "" when none */
};

int cg_layout_detect(struct cg_layout *l, struct nsp_err *e);
const char *cg_mode_name(enum cg_mode m);

/*
 * The v1 hierarchy name of a controller known by its cgroup2 name: "io"
 * is "blkio" on v1; every other name is the same on both.
 */
const char *cg_v1_name(const char *controller);

/*
 * Where `controller` ("memory", "pids", "io"…, cgroup2 names; a v1-only
 * name such as "cpuacct" works too) is usable: CG_V1 with its mount
 * point in v1_dir, CG_V2, or CG_VNONE when the kernel has it nowhere (or
 * it is disabled, or its v1 hierarchy is not mounted at CG_ROOT/<name>
 * here).  v1_dir may be NULL.
 */
enum cg_version cg_controller_version(const struct cg_layout *l,
				      const char *controller, char *v1_dir,
				      unsigned int v1_dir_len);

#endif
