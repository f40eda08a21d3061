/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside the runtime's cgroup code only (cgroup*.c). */
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
/* The same for the group of that name (a parent level, "nsprobe-41"). */
int core_cgroup_lcg_write_name(const char *name, const char *ctrl, const char *file,
			       const char *value, struct nsp_err *e);
/* Once per process: libcgroup keeps its mount table in globals. */
int core_cgroup_lcg_init(struct nsp_err *e);
/* snprintf that fails with ENAMETOOLONG instead of truncating */
int core_cgroup_pathf(char *buf, size_t len, struct nsp_err *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The parent directory of an absolute group directory. */
void core_cgroup_parent_of(const char *dir, char *buf, size_t len);

#endif
