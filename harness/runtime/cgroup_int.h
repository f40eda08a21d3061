/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the runtime's cgroup code only (cgroup.c, cgroup_value.c). */
#ifndef NSP_RUNTIME_CGROUP_INT_H
#define NSP_RUNTIME_CGROUP_INT_H

#include "runtime/cgroup.h"

/*
 * Write one value of controller `ctrl` (its name on the group's version:
 * "memory", "blkio") through libcgroup, in a handle holding only that
 * value so nothing else is written again.
 */
int core_cgroup_lcg_write(const struct core_cgroup *cg, const char *ctrl, const char *file,
			  const char *value, struct nsp_err *e);

#endif
